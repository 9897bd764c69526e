import { useState } from 'react';

interface Props {
  label: string;
  confirmLabel: string;
  /** Said after the visible label to screen readers: what the button acts on. */
  subject: string;
  /** Said instead of `subject` while the button asks for confirmation; `subject` when not given. */
  confirmSubject?: string;
  busy: boolean;
  onConfirm: () => void;
}

/**
 * A destructive button that takes two presses, as elsewhere in the console: the first turns it into
 * "Confirm …"; leaving it or pressing Escape withdraws the question.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  subject,
  confirmSubject = subject,
  busy,
  onConfirm,
}: Props) {
  const [confirming, setConfirming] = useState(false);
  return (
    <button
      type="button"
      className={confirming ? 'button-small button-danger' : 'button-small button-secondary'}
      disabled={busy}
      onBlur={() => setConfirming(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setConfirming(false);
      }}
      onClick={() => {
        if (!confirming) return setConfirming(true);
        setConfirming(false);
        onConfirm();
      }}
    >
      {confirming ? confirmLabel : label}
      <span className="sr-only"> {confirming ? confirmSubject : subject}</span>
    </button>
  );
}
