import { useState, type FormEvent } from 'react';
import { ContinuityError } from '../shared/ContinuityError.js';
import { TextAreaField } from '../../../components/TextAreaField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import type { ReconcileItem } from '../types.js';
import { OTHER_PATIENT, PatientChoice } from './PatientChoice.js';
import { useApproveItem, useRejectItem } from './reconcileApi.js';

/** Without a single sure match a reviewer names the EHR patient before the entry may be approved. */
const needsChoice = (item: ReconcileItem) =>
  item.patient.match === 'unmatched' || item.patient.match === 'ambiguous';

/**
 * Approve (choosing the patient when the match is not sure) or reject with a reason. A decision can
 * be changed until the entry is in the EHR; a refused entry can be rejected or approved for another
 * patient before the next post.
 */
export function ItemActions({ item, who }: { item: ReconcileItem; who: string }) {
  const t = useT();
  const approve = useApproveItem();
  const reject = useRejectItem();
  const [choice, setChoice] = useState('');
  const [typedId, setTypedId] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<'patient' | 'reason' | null>(null);
  const errorId = `item-${item.id}-error`;
  if (item.status === 'posted') return null;
  const candidates = item.patient.candidates ?? [];
  const entry = <span className="sr-only"> {t('continuity.review.entryOf', { patient: who })}</span>;

  function sendApproval(event: FormEvent) {
    event.preventDefault();
    if (!needsChoice(item)) return approve.mutate({ item });
    const patientId = (candidates.length === 0 || choice === OTHER_PATIENT ? typedId : choice).trim();
    if (!patientId) return setMissing('patient');
    setMissing(null);
    approve.mutate({ item, patientId });
  }

  function sendRejection(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    if (!text) return setMissing('reason');
    setMissing(null);
    reject.mutate({ item, reason: text }, { onSuccess: () => setRejecting(false) });
  }

  const busy = approve.isPending || reject.isPending;
  if (rejecting) {
    return (
      <form className="stack item-actions" onSubmit={sendRejection} noValidate>
        <ContinuityError error={reject.error} id={errorId} />
        <TextAreaField
          label={t('continuity.review.reason', { patient: who })}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          maxLength={500}
          aria-required
          error={missing === 'reason' ? t('continuity.review.reasonRequired') : null}
        />
        <div className="actions">
          <button type="submit" className="button-small button-danger" disabled={busy}>
            {t('continuity.review.confirmReject')}
          </button>
          <button type="button" className="button-small button-secondary" onClick={() => setRejecting(false)}>
            {t('continuity.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <form className="stack item-actions" onSubmit={sendApproval} noValidate>
      <ContinuityError error={approve.error} id={errorId} />
      {needsChoice(item) && item.status !== 'approved' && (
        <PatientChoice
          who={who}
          candidates={candidates}
          choice={choice}
          typedId={typedId}
          onChoice={setChoice}
          onTypedId={setTypedId}
          errorId={missing === 'patient' ? `${errorId}-patient` : undefined}
        />
      )}
      {missing === 'patient' && (
        <p className="field-error" id={`${errorId}-patient`} role="alert">
          {t('continuity.review.patientRequired')}
        </p>
      )}
      <div className="actions">
        {item.status !== 'approved' && (
          <button type="submit" className="button-small" disabled={busy}>
            {t('continuity.review.approve')}
            {entry}
          </button>
        )}
        {item.status !== 'rejected' && (
          <button type="button" className="button-small button-secondary" onClick={() => setRejecting(true)}>
            {t('continuity.review.reject')}
            {entry}
          </button>
        )}
      </div>
    </form>
  );
}
