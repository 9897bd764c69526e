import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

/**
 * Failures of the EHR double's store and bundle processing. Over HTTP they become OperationOutcomes with
 * the same status; inside the process they are thrown as LifelineError so seeding and tests see a code.
 */
export const EHR_ERRORS = defineErrorCodes({
  CONTINUITY_EHR_INVALID_RESOURCE: { status: 400, title: 'The resource is not acceptable to the EHR double' },
  CONTINUITY_EHR_INVALID_REQUEST: { status: 400, title: 'The request to the EHR double is not valid' },
  CONTINUITY_EHR_NOT_FOUND: { status: 404, title: 'The EHR double holds no such resource' },
  CONTINUITY_EHR_CONDITION_AMBIGUOUS: {
    status: 412,
    title: 'A conditional request matched more than one resource',
  },
  CONTINUITY_EHR_REFERENCE_UNRESOLVED: {
    status: 404,
    title: 'A conditional reference in the bundle matched no single resource',
  },
  CONTINUITY_EHR_ENTRY_REFUSED: { status: 422, title: 'The EHR double refused a bundle entry' },
  CONTINUITY_EHR_TOKEN_INVALID: { status: 401, title: 'The bearer token is missing, unknown or expired' },
  CONTINUITY_EHR_SCOPE_INSUFFICIENT: { status: 403, title: 'The token scopes do not allow this request' },
  CONTINUITY_EHR_PAGE_EXPIRED: { status: 410, title: 'The search page is no longer available' },
  CONTINUITY_EHR_TOO_MANY_EXPORTS: { status: 429, title: 'Too many bulk exports are running' },
  CONTINUITY_EHR_UNAVAILABLE: { status: 503, title: 'The EHR double is switched to fail' },
  CONTINUITY_EHR_SEED_FAILED: { status: 500, title: 'Seeding the EHR double from the corpora failed' },
});

export type EhrErrorCode = keyof typeof EHR_ERRORS;

/** A LifelineError with one of the codes above (importing this module also registers them). */
export function ehrError(code: EhrErrorCode, message?: string, details?: SafeDetails): LifelineError {
  return new LifelineError(code, message, details);
}
