import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { sessionKey, useCurrentSession } from '../../api/session.js';
import type { Session, User } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { Notice } from '../../components/Notice.js';
import { isLocale, localeNames, type Locale } from '../../i18n/dictionaries.js';
import { useT } from '../../i18n/I18nProvider.js';

export function ProfileForm() {
  const t = useT();
  const client = useQueryClient();
  const { user } = useCurrentSession();
  const languageId = useId();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const save = useMutation({
    mutationFn: (body: { displayName: string; locale: Locale }) => api.patch<{ user: User }>('/api/me', body),
    // The session carries the user, and the console's language follows the saved profile.
    onSuccess: ({ user: next }) =>
      client.setQueryData<Session | null>(sessionKey, (s) => (s ? { ...s, user: next } : s)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ displayName: displayName.trim(), locale });
  }

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <form onSubmit={submit} className="form-grid">
        <ErrorMessage error={save.error} id="profile-error" />
        <Notice>{save.isSuccess ? t('common.saved') : null}</Notice>
        <Field
          label={t('settings.displayName')}
          required
          value={displayName}
          autoComplete="name"
          onChange={(e) => setDisplayName(e.target.value)}
          errorId={save.error ? 'profile-error' : undefined}
        />
        <div className="field">
          <label htmlFor={languageId}>{t('common.language')}</label>
          <select
            id={languageId}
            value={locale}
            onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
          >
            {(Object.keys(localeNames) as Locale[]).map((code) => (
              <option key={code} value={code} lang={code}>
                {localeNames[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('settings.saveProfile')}
          </button>
        </div>
      </form>
    </section>
  );
}
