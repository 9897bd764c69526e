import { isLifelineError } from '../../../kernel/errors.js';
import type { FhirResource } from './fhir-types.js';

/** FHIR issue-type codes (http://hl7.org/fhir/issue-type) per HTTP status the double answers with. */
function issueCode(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 410) return 'expired';
  if (status === 413) return 'too-costly';
  if (status === 422) return 'business-rule';
  if (status === 429) return 'throttled';
  if (status === 503) return 'transient';
  if (status >= 500) return 'exception';
  return 'invalid';
}

export function operationOutcome(status: number, diagnostics: string, expression?: string): FhirResource {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 400 ? 'error' : 'information',
        code: issueCode(status),
        diagnostics,
        ...(expression === undefined ? {} : { expression: [expression] }),
      },
    ],
  };
}

/** The status and OperationOutcome for any error; messages of unexpected errors are not passed on. */
export function outcomeFor(error: unknown): { status: number; outcome: FhirResource } {
  if (isLifelineError(error)) {
    const entry = error.details.entry;
    const where = typeof entry === 'number' ? `Bundle.entry[${entry}]` : undefined;
    return {
      status: error.status,
      outcome: operationOutcome(error.status, `${error.code}: ${error.message}`, where),
    };
  }
  return { status: 500, outcome: operationOutcome(500, 'Internal error') };
}
