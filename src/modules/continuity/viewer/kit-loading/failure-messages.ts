import { isLifelineError } from '../../../../kernel/errors.js';
import { messages } from '../messages.js';

export interface Failure {
  /** A refusal ends the session: nothing from the kit may be shown. A retry lets the user try again. */
  kind: 'refusal' | 'retry';
  text: string;
  code: string;
}

/** What to tell the user when the kit cannot be verified or unlocked, by error code. */
export function describeFailure(error: unknown, hospital: string | null): Failure {
  const code = isLifelineError(error) ? String(error.code) : 'UNEXPECTED';
  const refusal = (text: string): Failure => ({ kind: 'refusal', text, code });
  const retry = (text: string): Failure => ({ kind: 'retry', text, code });
  switch (code) {
    case 'CONTINUITY_KIT_UNLOCK_FAILED':
      return retry(messages.wrongSecret);
    case 'CONTINUITY_KIT_NOT_A_RECIPIENT':
      return retry(messages.notForThisDevice);
    case 'CONTINUITY_KIT_KEY_INVALID':
      return retry(messages.badKeyFile);
    case 'CONTINUITY_VIEWER_SIGNER_CHANGED':
      return refusal(messages.signerChanged(hospital ?? '?'));
    case 'CONTINUITY_VIEWER_NO_KIT':
    case 'CONTINUITY_KIT_HTML_INVALID':
      return refusal(messages.noKit);
    case 'CONTINUITY_VIEWER_SIGNER_MISSING':
      return refusal(messages.noSigner);
    case 'CONTINUITY_VIEWER_KITS_UNRELATED':
    case 'CONTINUITY_KIT_DELTA_MISMATCH':
      return refusal(messages.unrelated);
    case 'CONTINUITY_KIT_CRYPTO_UNAVAILABLE':
      return refusal(messages.oldBrowser);
    case 'CONTINUITY_KIT_ENVELOPE_INVALID':
    case 'CONTINUITY_KIT_HEADER_INVALID':
    case 'CONTINUITY_KIT_SIGNER_UNTRUSTED':
    case 'CONTINUITY_KIT_SIGNATURE_INVALID':
    case 'CONTINUITY_KIT_DECRYPT_FAILED':
    case 'CONTINUITY_KIT_PAYLOAD_INVALID':
    case 'CONTINUITY_KIT_PAYLOAD_MISMATCH':
    case 'CONTINUITY_KIT_PAYLOAD_TOO_LARGE':
      return refusal(messages.tampered);
    default:
      return refusal(messages.unexpected);
  }
}
