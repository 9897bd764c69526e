import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

/** Codes of the sentinel's judgement: baselines and the analyzer's options. */
export const SENTINEL_ANALYSIS_ERRORS = defineErrorCodes({
  SENTINEL_BASELINE_ROOT_UNREADABLE: {
    status: 400,
    title: 'A sentinel root cannot be read for its baseline',
  },
  SENTINEL_ANALYZER_OPTIONS_INVALID: { status: 500, title: 'The sentinel analyzer options are not valid' },
});

export function analysisError(
  code: keyof typeof SENTINEL_ANALYSIS_ERRORS,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
