import { useId, useState, type FormEvent } from 'react';
import { useCurrentSession } from '../../../api/session.js';
import { Field } from '../../../components/Field.js';
import { useT } from '../../../i18n/I18nProvider.js';

interface Props {
  current: string | null;
  busy: boolean;
  onAssign: (assignee: string) => void;
}

export function AssignForm({ current, busy, onAssign }: Props) {
  const t = useT();
  const { user } = useCurrentSession();
  const errorId = useId();
  const [assignee, setAssignee] = useState(current ?? '');
  const [missing, setMissing] = useState(false);

  function send(event: FormEvent) {
    event.preventDefault();
    const name = assignee.trim();
    setMissing(!name);
    if (name) onAssign(name);
  }

  return (
    <form className="stack" onSubmit={send} noValidate>
      <Field
        label={t('detect.triage.assignee')}
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        maxLength={128}
        aria-required
        errorId={missing ? errorId : undefined}
      />
      {missing && (
        <p className="field-error" id={errorId} role="alert">
          {t('detect.triage.assigneeRequired')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-secondary" disabled={busy}>
          {t('detect.triage.assign')}
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={busy || current === user.username}
          onClick={() => {
            setAssignee(user.username);
            setMissing(false);
            onAssign(user.username);
          }}
        >
          {t('detect.triage.assignMe')}
        </button>
      </div>
    </form>
  );
}
