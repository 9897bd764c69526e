import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useT } from '../../i18n/I18nProvider.js';

interface Props {
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
  onBack: () => void;
}

/** The second factor: a TOTP code or a recovery code, typed into the same field. */
export function MfaStep({ pending, error, onSubmit, onBack }: Props) {
  const t = useT();
  const [code, setCode] = useState('');
  const errorId = error ? 'mfa-error' : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    // Authenticator apps show "123 456"; recovery codes may be typed with or without dashes.
    onSubmit(code.replace(/\s+/g, ''));
  }

  return (
    <form onSubmit={submit} className="stack" aria-labelledby="mfa-title">
      <h1 id="mfa-title">{t('auth.mfa.title')}</h1>
      <p>{t('auth.mfa.help')}</p>
      <ErrorMessage error={error} id="mfa-error" />
      <Field
        label={t('auth.mfa.code')}
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
        errorId={errorId}
      />
      <button type="submit" disabled={pending}>
        {t('auth.mfa.verify')}
      </button>
      <button type="button" className="button-link" onClick={onBack}>
        {t('auth.mfa.back')}
      </button>
    </form>
  );
}
