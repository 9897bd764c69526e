import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

export const DETECT_SCAN_ERRORS = defineErrorCodes({
  DETECT_SCAN_INPUT_UNREADABLE: { status: 400, title: 'The events to scan cannot be read' },
  DETECT_SCAN_NO_RULES: { status: 400, title: 'No detection rule could be loaded' },
});

export function scanError(
  code: keyof typeof DETECT_SCAN_ERRORS,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
