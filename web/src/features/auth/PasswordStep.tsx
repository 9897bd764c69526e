import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useT } from '../../i18n/I18nProvider.js';

interface Props {
  pending: boolean;
  error: unknown;
  onSubmit: (username: string, password: string) => void;
}

export function PasswordStep({ pending, error, onSubmit }: Props) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const errorId = error ? 'login-error' : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(username.trim(), password);
  }

  return (
    <form onSubmit={submit} className="stack" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      <ErrorMessage error={error} id="login-error" />
      <Field
        label={t('auth.username')}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        errorId={errorId}
      />
      <Field
        label={t('auth.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        errorId={errorId}
      />
      <button type="submit" disabled={pending}>
        {pending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
