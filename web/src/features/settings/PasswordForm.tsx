import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { sessionKey, useCurrentSession } from '../../api/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { Notice } from '../../components/Notice.js';
import { useT } from '../../i18n/I18nProvider.js';

export function PasswordForm() {
  const t = useT();
  const { user } = useCurrentSession();
  const client = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/me/password', body),
    onSuccess: () => {
      // The session answer carries passwordChangeRequired; read it again so the banner goes away.
      void client.invalidateQueries({ queryKey: sessionKey });
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });

  if (user.source === 'oidc') {
    return (
      <section className="panel" aria-labelledby="password-title">
        <h2 id="password-title">{t('settings.password')}</h2>
        <p>{t('settings.passwordSso')}</p>
      </section>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== repeat) return setMismatch(true);
    setMismatch(false);
    change.mutate({ currentPassword: current, newPassword: next });
  }

  const errorId = change.error ? 'password-error' : undefined;
  return (
    <section className="panel" id="password" aria-labelledby="password-title" tabIndex={-1}>
      <h2 id="password-title">{t('settings.password')}</h2>
      <form onSubmit={submit} className="form-grid">
        <ErrorMessage error={change.error} id="password-error" />
        <Notice>{change.isSuccess ? t('settings.passwordChanged') : null}</Notice>
        <Field
          label={t('settings.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          errorId={errorId}
        />
        <Field
          label={t('settings.newPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          errorId={errorId}
        />
        <Field
          label={t('settings.repeatPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          errorId={mismatch ? 'password-mismatch' : errorId}
        />
        {mismatch && (
          <p className="field-error" id="password-mismatch" role="alert">
            {t('settings.passwordMismatch')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={change.isPending}>
            {t('settings.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
