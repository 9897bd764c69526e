import { Cron } from 'croner';
import { LifelineError } from '../errors.js';
import type { JobDefinition } from './types.js';

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A job's cron pattern, parsed once; only used to compute ticks, never to fire callbacks. */
export interface Schedule {
  /** The first tick strictly after `after`, or null when the pattern has no future tick. */
  next(after: Date): Date | null;
}

/**
 * Checks a job definition and parses its pattern. Everything that can be wrong with a definition is
 * reported here, at registration, so that a bad pattern fails the start of the process instead of
 * silently never running.
 */
export function compileSchedule(job: JobDefinition, now: Date): Schedule {
  const invalid = (reason: string, cause?: unknown): LifelineError =>
    new LifelineError(
      'SCHEDULER_JOB_INVALID',
      `scheduled job ${JSON.stringify(String(job.name))} is not valid: ${reason}`,
      { job: String(job.name), cron: String(job.cron), reason },
      cause === undefined ? undefined : { cause },
    );
  if (typeof job.name !== 'string' || !JOB_NAME.test(job.name)) {
    throw invalid('the name must be 1-100 letters, digits, dots, colons, dashes or underscores');
  }
  if (typeof job.run !== 'function') throw invalid('run must be a function');
  let cron: Cron;
  try {
    cron = new Cron(job.cron, {
      paused: true,
      ...(job.timezone === undefined ? {} : { timezone: job.timezone }),
    });
  } catch (error) {
    throw invalid(`the cron pattern cannot be read (${errorText(error)})`, error);
  }
  let first: Date | null;
  try {
    // The timezone is only checked when a time is converted, so convert one now.
    first = cron.nextRun(now);
  } catch (error) {
    throw invalid(`the timezone cannot be used (${errorText(error)})`, error);
  }
  if (!first) throw invalid('the cron pattern never matches a future time');
  return { next: (after) => cron.nextRun(after) };
}

/** The tick's identity shared by every process: ISO-8601 UTC with whole seconds. */
export function tickId(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
