import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

/**
 * Failures of reconciling downtime documentation. Details carry ids, positions and counts only: the
 * documentation itself is patient data and never reaches an error.
 */
export const RECONCILE_ERRORS = defineErrorCodes({
  CONTINUITY_RECONCILE_BUNDLE_INVALID: {
    status: 400,
    title: 'The file is not a downtime documentation bundle',
  },
  CONTINUITY_RECONCILE_BUNDLE_TOO_LARGE: {
    status: 413,
    title: 'The downtime documentation bundle has more entries than allowed',
  },
  CONTINUITY_RECONCILE_UNSIGNED: {
    status: 400,
    title: 'The downtime documentation bundle carries no signature',
  },
  CONTINUITY_RECONCILE_SIGNER_UNTRUSTED: {
    status: 403,
    title: 'The downtime documentation bundle is signed by a key this server never issued',
  },
  CONTINUITY_RECONCILE_SIGNATURE_INVALID: {
    status: 400,
    title: 'The downtime documentation bundle was changed after it was signed',
  },
  CONTINUITY_RECONCILE_ITEM_NOT_FOUND: { status: 404, title: 'No such reconciliation item' },
  CONTINUITY_RECONCILE_ITEM_FINAL: {
    status: 409,
    title: 'The item is in the EHR already and can no longer change',
  },
  CONTINUITY_RECONCILE_PATIENT_REQUIRED: {
    status: 409,
    title: 'Choose the patient before approving this item',
  },
  CONTINUITY_RECONCILE_PATIENT_UNKNOWN: {
    status: 400,
    title: 'The chosen patient is not in the EHR mirror',
  },
  CONTINUITY_RECONCILE_NO_TARGET: {
    status: 409,
    title: 'No FHIR server is configured to post reconciled documentation to',
  },
});

export type ReconcileErrorCode = keyof typeof RECONCILE_ERRORS;

export function reconcileError(
  code: ReconcileErrorCode,
  message?: string,
  details?: SafeDetails,
): LifelineError {
  return new LifelineError(code, message, details);
}
