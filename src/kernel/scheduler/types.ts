export interface JobDefinition {
  /** Stable name, e.g. `vault.backup.nightly`; runs are recorded under it. */
  name: string;
  /** Cron pattern (croner syntax, seconds optional), evaluated in `timezone`. */
  cron: string;
  timezone?: string;
  run(context: JobContext): Promise<void>;
}

export interface JobContext {
  /** The tick this run belongs to (ISO time); the same for every process that saw the tick. */
  scheduledFor: string;
  signal: AbortSignal;
}

export type JobOutcome = 'running' | 'success' | 'failure';

/** `schedule` for a cron tick, `manual` for `runNow`. */
export type JobTrigger = 'schedule' | 'manual';

export interface JobRun {
  job: string;
  scheduledFor: string;
  node: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: JobOutcome;
  error: string | null;
  trigger: JobTrigger;
}

export interface RunFilter {
  job?: string;
  /** At most this many runs, newest tick first; 100 by default, 1000 at most. */
  limit?: number;
}

export interface ScheduledJobInfo {
  name: string;
  cron: string;
  timezone: string | null;
  /** The next tick after now, or null while the scheduler is stopped or the pattern has no future tick. */
  nextRun: string | null;
}
