import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useT } from '../../../i18n/I18nProvider.js';

interface Props {
  open: boolean;
  title: string;
  confirm: string;
  busy: boolean;
  /** Colours the confirm button red for a step that is hard to undo. */
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal question built on the native dialog element: it traps focus, closes with Escape and hands
 * focus back to the button that opened it, so it works from the keyboard alone.
 */
export function ConfirmDialog({
  open,
  title,
  confirm,
  busy,
  danger = false,
  onConfirm,
  onClose,
  children,
}: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onConfirm();
  }

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="form-actions">
          <button type="submit" className={danger ? 'button-danger' : undefined} disabled={busy}>
            {confirm}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('continuity.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
