import { isLifelineError } from '../errors.js';

const MAX_LENGTH = 200;

export const ABORTED = 'aborted: the scheduler stopped before the job finished';

/**
 * The text stored in `scheduler_run.error` and logged for a failed run. It is one short line: a
 * stack trace, a `cause` chain or driver `detail` fields can carry record contents, so none of them
 * is kept. Jobs that want an operator to see more throw a LifelineError with a safe message.
 */
export function describeFailure(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return ABORTED;
  if (isLifelineError(error)) return clip(`${error.code}: ${error.message}`);
  if (error instanceof Error) return clip(`${error.name}: ${error.message}`);
  return 'the job failed without an Error object';
}

function clip(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 3)}...` : line;
}
