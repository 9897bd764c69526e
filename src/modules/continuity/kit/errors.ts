import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

export const CONTINUITY_KIT_ERRORS = defineErrorCodes({
  CONTINUITY_KIT_ENVELOPE_INVALID: { status: 400, title: 'The kit envelope cannot be read' },
  CONTINUITY_KIT_HEADER_INVALID: { status: 400, title: 'The kit header does not follow the kit format' },
  CONTINUITY_KIT_SIGNER_UNTRUSTED: { status: 403, title: 'The kit is signed by a key that is not trusted' },
  CONTINUITY_KIT_SIGNATURE_INVALID: { status: 400, title: 'The kit signature does not verify' },
  CONTINUITY_KIT_NOT_A_RECIPIENT: { status: 403, title: 'The kit cannot be unlocked this way' },
  CONTINUITY_KIT_UNLOCK_FAILED: {
    status: 401,
    title: 'The passphrase or device key does not unlock the kit',
  },
  CONTINUITY_KIT_DECRYPT_FAILED: { status: 400, title: 'The kit data does not decrypt' },
  CONTINUITY_KIT_PAYLOAD_TOO_LARGE: { status: 413, title: 'The kit data unpacks to more than allowed' },
  CONTINUITY_KIT_PAYLOAD_INVALID: { status: 400, title: 'The kit data is not a kit payload' },
  CONTINUITY_KIT_PAYLOAD_MISMATCH: { status: 400, title: 'The kit data does not belong to its header' },
  CONTINUITY_KIT_DELTA_MISMATCH: { status: 409, title: 'The delta kit does not apply to this kit' },
  CONTINUITY_KIT_SEAL_INVALID: { status: 400, title: 'The kit cannot be sealed as asked' },
  CONTINUITY_KIT_KEY_INVALID: { status: 400, title: 'The key is not usable' },
  CONTINUITY_KIT_HTML_INVALID: { status: 400, title: 'The file is not a Lifeline kit' },
  CONTINUITY_KIT_CRYPTO_UNAVAILABLE: {
    status: 500,
    title: 'This environment lacks a cryptographic function kits need',
  },
  CONTINUITY_KIT_DOCUMENTATION_INVALID: { status: 400, title: 'The documentation is not a FHIR Bundle' },
  CONTINUITY_KIT_DOCUMENTATION_UNSIGNED: {
    status: 400,
    title: 'The documentation bundle carries no signature',
  },
  CONTINUITY_KIT_DOCUMENTATION_SIGNER_UNTRUSTED: {
    status: 403,
    title: 'The documentation bundle is signed by a key that is not trusted',
  },
  CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID: {
    status: 400,
    title: 'The documentation bundle was changed after it was signed',
  },
});

export type ContinuityKitErrorCode = keyof typeof CONTINUITY_KIT_ERRORS;

export function kitError(
  code: ContinuityKitErrorCode,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
