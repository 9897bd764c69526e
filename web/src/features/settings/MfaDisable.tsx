import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { useT } from '../../i18n/I18nProvider.js';

export function MfaDisable({ onDisabled }: { onDisabled: () => void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: (value: string) => api.delete('/api/me/mfa', { code: value }),
    onSuccess: onDisabled,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    disable.mutate(code.replace(/\s+/g, ''));
  }

  return (
    <form onSubmit={submit} className="form-grid">
      <ErrorMessage error={disable.error} id="mfa-disable-error" />
      <Field
        label={t('mfa.disableCode')}
        required
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        errorId={disable.error ? 'mfa-disable-error' : undefined}
      />
      <div className="form-actions">
        <button type="submit" className="button-danger" disabled={disable.isPending}>
          {t('mfa.disable')}
        </button>
      </div>
    </form>
  );
}
