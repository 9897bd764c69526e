import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

/**
 * Failures pulling data from a FHIR source. Details carry HTTP statuses, OAuth error codes, OperationOutcome
 * issue codes, resource types and counts only: never a response body, which could quote patient data.
 */
export const SOURCE_ERRORS = defineErrorCodes({
  CONTINUITY_SOURCE_KEY_INVALID: {
    status: 400,
    title: 'The client private key does not fit the signing algorithm',
  },
  CONTINUITY_SOURCE_DISCOVERY_FAILED: {
    status: 502,
    title: 'The FHIR server does not publish a usable SMART configuration',
  },
  CONTINUITY_SOURCE_TOKEN_REFUSED: { status: 502, title: 'The token endpoint refused the token request' },
  CONTINUITY_SOURCE_CLIENT_REJECTED: {
    status: 502,
    title: 'The token endpoint rejected the client authentication',
  },
  CONTINUITY_SOURCE_UNREACHABLE: { status: 503, title: 'The FHIR server cannot be reached' },
  CONTINUITY_SOURCE_UNAVAILABLE: { status: 503, title: 'The FHIR server stayed unavailable after retries' },
  CONTINUITY_SOURCE_REQUEST_FAILED: {
    status: 502,
    title: 'The FHIR server answered a request with an error',
  },
  CONTINUITY_SOURCE_PROTOCOL: { status: 502, title: 'The FHIR server answered outside the protocol' },
  CONTINUITY_SOURCE_EXPORT_FAILED: { status: 502, title: 'The bulk export job failed at the FHIR server' },
  CONTINUITY_SOURCE_EXPORT_TIMEOUT: { status: 504, title: 'The bulk export did not finish in time' },
  CONTINUITY_SOURCE_PAGE_LIMIT: { status: 502, title: 'The search returned more pages than allowed' },
  CONTINUITY_SOURCE_ABORTED: { status: 499, title: 'The pull from the FHIR server was cancelled' },
});

export type SourceErrorCode = keyof typeof SOURCE_ERRORS;

/** A LifelineError with one of the codes above (importing this module also registers them). */
export function sourceError(
  code: SourceErrorCode,
  message?: string,
  details?: SafeDetails,
  options?: { cause?: unknown },
): LifelineError {
  return new LifelineError(code, message, details, options);
}
