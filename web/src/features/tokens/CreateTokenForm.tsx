import { useState, type FormEvent } from 'react';
import { useCurrentSession } from '../../api/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { SecretBox } from '../../components/SecretBox.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useCreateToken, type NewToken } from './tokensApi.js';

export function CreateTokenForm() {
  const t = useT();
  // A token can carry at most what its owner may do, so the owner's permissions are the choices.
  const { permissions } = useCurrentSession();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState('');
  const [scopeError, setScopeError] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const create = useCreateToken();
  const errorId = create.error ? 'create-token-error' : undefined;

  function toggle(scope: string, on: boolean) {
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (scopes.length === 0) return setScopeError(true);
    setScopeError(false);
    const body: NewToken = { name: name.trim(), scopes };
    if (days.trim()) body.expiresInDays = Number(days);
    create.mutate(body, {
      onSuccess: ({ token, secret }) => {
        setCreated({ name: token.name, secret });
        setName('');
        setScopes([]);
        setDays('');
      },
    });
  }

  return (
    <section className="panel" aria-labelledby="create-token-title">
      <h2 id="create-token-title">{t('tokens.create.title')}</h2>
      {created && (
        <SecretBox title={t('tokens.secret', { name: created.name })} onDismiss={() => setCreated(null)}>
          <code className="secret-value" data-testid="token-secret">
            {created.secret}
          </code>
        </SecretBox>
      )}
      <form onSubmit={submit} className="form-grid">
        <ErrorMessage error={create.error} id="create-token-error" />
        <Field
          label={t('tokens.name')}
          required
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          errorId={errorId}
        />
        <Field
          label={`${t('tokens.expires')} (${t('common.optional')})`}
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          hint={t('tokens.expiresHint')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          errorId={errorId}
        />
        <fieldset className="checkboxes" aria-describedby={scopeError ? 'scope-error' : undefined}>
          <legend>{t('tokens.scopes')}</legend>
          {permissions.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <code>{scope}</code>
            </label>
          ))}
          {scopeError && (
            <p className="field-error" id="scope-error" role="alert">
              {t('tokens.noScopes')}
            </p>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? t('common.saving') : t('tokens.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
