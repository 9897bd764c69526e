import { defineErrorCodes, LifelineError, type SafeDetails } from '../../../kernel/errors.js';

export const DETECT_STREAM_ERRORS = defineErrorCodes({
  DETECT_STREAM_SETTINGS_INVALID: { status: 400, title: 'The detection stream settings are not valid' },
  DETECT_STREAM_UNAVAILABLE: { status: 503, title: 'The detection stream on NATS JetStream is not usable' },
  DETECT_STREAM_EVENT_TOO_LARGE: {
    status: 413,
    title: 'An event is too large for a message on the detection stream',
  },
});

export function streamError(
  code: keyof typeof DETECT_STREAM_ERRORS,
  message: string,
  details: SafeDetails = {},
  cause?: unknown,
): LifelineError {
  return new LifelineError(code, message, details, cause === undefined ? undefined : { cause });
}
