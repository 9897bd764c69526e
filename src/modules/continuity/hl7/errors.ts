import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

/**
 * HL7 v2 and MLLP failures. Messages and details name positions (segment index, field, byte offset),
 * never values: an HL7 message carries patient data in almost every field.
 */
export const CONTINUITY_HL7_ERRORS = defineErrorCodes({
  CONTINUITY_HL7_MALFORMED: { status: 400, title: 'The HL7 v2 message is malformed' },
  CONTINUITY_HL7_UNSUPPORTED: { status: 422, title: 'The HL7 v2 message type or event is not supported' },
  CONTINUITY_HL7_FIELD_MISSING: { status: 422, title: 'A field the HL7 v2 message needs is empty' },
  CONTINUITY_HL7_FIELD_INVALID: { status: 422, title: 'An HL7 v2 field holds a value of the wrong form' },
  CONTINUITY_HL7_PATH_INVALID: { status: 500, title: 'An HL7 v2 field path is not valid' },
  CONTINUITY_HL7_EVENT_INVALID: { status: 400, title: 'The census event cannot be written as HL7 v2' },
  CONTINUITY_MLLP_TIMEOUT: { status: 504, title: 'The MLLP peer did not acknowledge in time' },
  CONTINUITY_MLLP_UNREACHABLE: { status: 502, title: 'The MLLP peer cannot be reached' },
  CONTINUITY_MLLP_ACK_INVALID: { status: 502, title: 'The MLLP peer answered with something that is no ACK' },
  CONTINUITY_MLLP_CLIENT_CLOSED: { status: 503, title: 'The MLLP client is closed' },
  CONTINUITY_MLLP_LISTEN_FAILED: { status: 500, title: 'The MLLP listener could not start' },
});

export type Hl7ErrorCode = keyof typeof CONTINUITY_HL7_ERRORS;

export function hl7Error(
  code: Hl7ErrorCode,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
