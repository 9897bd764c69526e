import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

export const DETECT_ENGINE_ERRORS = defineErrorCodes({
  DETECT_RULES_PATH_UNREADABLE: { status: 400, title: 'A rule path cannot be read' },
  DETECT_EXCLUSION_INVALID: { status: 400, title: 'A rule exclusion is not valid' },
});

export function engineError(
  code: keyof typeof DETECT_ENGINE_ERRORS,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
