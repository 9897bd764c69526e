import { useState, type FormEvent, type ReactNode } from 'react';
import { TextAreaField } from '../../../components/TextAreaField.js';
import { useT } from '../../../i18n/I18nProvider.js';

interface Props {
  label: string;
  submit: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  /** More inputs between the reason and the button (the false-positive field choice). */
  children?: ReactNode;
  className?: string;
}

/** A reason is required: a closed alert must say why, for the next analyst and for the audit. */
export function ReasonForm({ label, submit, busy, onSubmit, children, className }: Props) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  function send(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    setMissing(!text);
    if (text) onSubmit(text);
  }

  return (
    <form className={className ? `stack ${className}` : 'stack'} onSubmit={send} noValidate>
      <TextAreaField
        label={label}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        rows={2}
        maxLength={1000}
        aria-required
        error={missing ? t('detect.triage.reasonRequired') : null}
      />
      {children}
      <div>
        <button type="submit" className="button-secondary" disabled={busy}>
          {submit}
        </button>
      </div>
    </form>
  );
}
