import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

export const CONTINUITY_VIEWER_ERRORS = defineErrorCodes({
  CONTINUITY_VIEWER_NO_KIT: { status: 400, title: 'The page holds no Lifeline kit' },
  CONTINUITY_VIEWER_SIGNER_MISSING: {
    status: 400,
    title: 'The page does not name the key that signed its kit',
  },
  CONTINUITY_VIEWER_SIGNER_CHANGED: {
    status: 403,
    title: 'The kit is signed by another key than the one this browser trusts for the hospital',
  },
  CONTINUITY_VIEWER_KITS_UNRELATED: { status: 400, title: 'The kits in this file do not belong together' },
  CONTINUITY_VIEWER_STORAGE_FAILED: { status: 507, title: 'The browser cannot save the documentation' },
  CONTINUITY_VIEWER_UNDO_REFUSED: { status: 409, title: 'This documentation can no longer be undone' },
  CONTINUITY_VIEWER_NO_DOWNTIME_ID: {
    status: 409,
    title: 'No unused downtime identifier is left in this kit',
  },
});

export type ContinuityViewerErrorCode = keyof typeof CONTINUITY_VIEWER_ERRORS;

export function viewerError(
  code: ContinuityViewerErrorCode,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
