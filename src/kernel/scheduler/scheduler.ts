import { type Clock, systemClock } from '../clock.js';
import type { Database } from '../db/connect.js';
import { LifelineError } from '../errors.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { describeFailure } from './failure.js';
import { type Schedule, compileSchedule, tickId } from './schedule.js';
import { RunStore } from './store.js';
import type { JobDefinition, JobRun, JobTrigger, RunFilter, ScheduledJobInfo } from './types.js';

export interface SchedulerOptions {
  database: Database;
  /** This process's identity (host name, pod name); recorded on every run it wins. */
  node: string;
  clock?: Clock;
  logger?: Logger;
  /** A run still `running` after this long belonged to a process that died; it is reported as failed. */
  staleAfterMs?: number;
  /** How long stop() lets running jobs finish before it aborts their signal. */
  stopGraceMs?: number;
}

export const DEFAULT_STALE_AFTER_MS = 6 * 60 * 60 * 1000;
export const DEFAULT_STOP_GRACE_MS = 30_000;

// Long sleeps are cut into pieces so a wall-clock correction is noticed before the tick is due.
const MAX_SLEEP_MS = 60 * 60 * 1000;
// A timer may fire a little before the wall clock reaches the tick; that is still the tick.
const EARLY_FIRE_TOLERANCE_MS = 1000;

interface Entry {
  job: JobDefinition;
  schedule: Schedule;
  timer: NodeJS.Timeout | undefined;
  nextTick: Date | null;
  lastTick: Date | null;
}

interface InFlight {
  controller: AbortController;
  done: Promise<unknown>;
}

/**
 * Runs registered jobs on their cron ticks, once per tick across every process sharing the database.
 * Every process computes the same tick times; the first one to insert the tick's row runs it.
 */
export class Scheduler {
  private readonly store: RunStore;
  private readonly node: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly staleAfterMs: number;
  private readonly stopGraceMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Set<InFlight>();
  private running = false;

  constructor(options: SchedulerOptions) {
    if (typeof options.node !== 'string' || options.node.trim() === '') {
      throw new LifelineError('CONFIG_INVALID', 'the scheduler needs a node name', { key: 'scheduler.node' });
    }
    this.store = new RunStore(options.database);
    this.node = options.node;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  }

  /** Adds a job; throws SCHEDULER_JOB_INVALID for a bad name, pattern or timezone, or a name used twice. */
  register(job: JobDefinition): void {
    const schedule = compileSchedule(job, this.clock.now());
    if (this.entries.has(job.name)) {
      throw new LifelineError('SCHEDULER_JOB_INVALID', `scheduled job ${job.name} is registered twice`, {
        job: job.name,
        reason: 'duplicate name',
      });
    }
    const entry: Entry = { job, schedule, timer: undefined, nextTick: null, lastTick: null };
    this.entries.set(job.name, entry);
    if (this.running) this.arm(entry);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const entry of this.entries.values()) this.arm(entry);
    this.logger.info({ node: this.node, jobs: this.entries.size }, 'scheduler started');
  }

  /**
   * Stops taking ticks and waits for running jobs. After the grace period their signal is aborted and
   * they get one more grace period; a job that ignores its signal even then is left behind (its row
   * stays `running` and is reported as abandoned later) so that shutdown cannot hang forever.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.running = false;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.nextTick = null;
    }
    const graceMs = options.graceMs ?? this.stopGraceMs;
    if (await this.settleWithin(graceMs)) return;
    this.logger.warn(
      { node: this.node, running: this.inFlight.size },
      'aborting scheduled jobs that outlived the stop grace',
    );
    for (const run of this.inFlight) run.controller.abort();
    if (!(await this.settleWithin(graceMs))) {
      this.logger.error(
        { node: this.node, running: this.inFlight.size },
        'scheduled jobs ignored their abort signal',
      );
    }
  }

  /** Runs a job now, outside its schedule, and resolves with the recorded run (a failure does not throw). */
  async runNow(name: string): Promise<JobRun> {
    const entry = this.entries.get(name);
    if (!entry) throw new LifelineError('NOT_FOUND', `no scheduled job is named ${name}`, { job: name });
    const scheduledFor = this.clock.now().toISOString();
    const run = this.track((controller) => this.claimAndRun(entry.job, scheduledFor, 'manual', controller));
    const result = await run;
    if (!result) {
      throw new LifelineError('CONFLICT', `job ${name} already has a run at ${scheduledFor}`, {
        job: name,
        scheduledFor,
      });
    }
    return result;
  }

  async listRuns(filter: RunFilter = {}): Promise<JobRun[]> {
    await this.reap(filter.job);
    return this.store.list(filter);
  }

  jobs(): ScheduledJobInfo[] {
    return [...this.entries.values()].map((entry) => ({
      name: entry.job.name,
      cron: entry.job.cron,
      timezone: entry.job.timezone ?? null,
      nextRun: entry.nextTick ? tickId(entry.nextTick) : null,
    }));
  }

  private arm(entry: Entry, target?: Date): void {
    const now = this.clock.now();
    const next = target ?? entry.schedule.next(laterOf(now, entry.lastTick));
    entry.nextTick = next;
    if (!next) {
      this.logger.info({ job: entry.job.name }, 'scheduled job has no further ticks');
      return;
    }
    const delay = Math.min(Math.max(next.getTime() - now.getTime(), 0), MAX_SLEEP_MS);
    entry.timer = setTimeout(() => this.fire(entry, next), delay);
  }

  private fire(entry: Entry, tick: Date): void {
    entry.timer = undefined;
    if (!this.running) return;
    if (tick.getTime() - this.clock.now().getTime() > EARLY_FIRE_TOLERANCE_MS) {
      this.arm(entry, tick);
      return;
    }
    entry.lastTick = tick;
    // The next tick is armed before this one runs, so a slow run never delays or skips the next.
    this.arm(entry);
    const scheduledFor = tickId(tick);
    void this.track((controller) =>
      this.claimAndRun(entry.job, scheduledFor, 'schedule', controller).catch((error: unknown) => {
        this.logger.warn(
          { job: entry.job.name, scheduledFor, error: describeFailure(error) },
          'could not claim a scheduled tick; it is skipped on this node',
        );
        return null;
      }),
    );
  }

  private track<T>(work: (controller: AbortController) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const done = work(controller);
    const record: InFlight = { controller, done };
    this.inFlight.add(record);
    void done.finally(() => this.inFlight.delete(record)).catch(() => undefined);
    return done;
  }

  /** Resolves with the run, or null when another process (or an earlier call) holds the tick. */
  private async claimAndRun(
    job: JobDefinition,
    scheduledFor: string,
    trigger: JobTrigger,
    controller: AbortController,
  ): Promise<JobRun | null> {
    const startedAt = this.clock.now().toISOString();
    const won = await this.store.claim({ job: job.name, scheduledFor, node: this.node, trigger, startedAt });
    if (!won) {
      this.logger.debug({ job: job.name, scheduledFor, node: this.node }, 'tick taken by another node');
      return null;
    }
    // Only the winner looks for runs left behind by dead processes, so each tick costs one extra write.
    await this.reap(job.name);
    this.logger.debug({ job: job.name, scheduledFor, node: this.node, trigger }, 'scheduled job started');
    let error: string | null = null;
    try {
      await job.run({ scheduledFor, signal: controller.signal });
    } catch (thrown) {
      error = describeFailure(thrown, controller.signal);
    }
    const finishedAt = this.clock.now().toISOString();
    const outcome = error === null ? 'success' : 'failure';
    const key = { job: job.name, scheduledFor, node: this.node };
    try {
      await this.store.finish(key, outcome, error, finishedAt);
    } catch (thrown) {
      this.logger.error({ ...key, error: describeFailure(thrown) }, 'could not record a scheduled run');
    }
    const durationMs = Date.parse(finishedAt) - Date.parse(startedAt);
    if (error === null) this.logger.info({ ...key, trigger, durationMs }, 'scheduled job succeeded');
    else this.logger.warn({ ...key, trigger, durationMs, error }, 'scheduled job failed');
    return { ...key, startedAt, finishedAt, outcome, error, trigger };
  }

  private async reap(job?: string): Promise<void> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.staleAfterMs).toISOString();
    try {
      const reaped = await this.store.reapAbandoned(cutoff, now.toISOString(), job);
      if (reaped > 0)
        this.logger.warn({ job: job ?? null, reaped }, 'runs of a stopped process marked abandoned');
    } catch (thrown) {
      this.logger.warn(
        { job: job ?? null, error: describeFailure(thrown) },
        'could not check for abandoned runs',
      );
    }
  }

  /** True when every tracked run (including ones started while waiting) settled within `ms`. */
  private async settleWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, remaining);
      });
      try {
        await Promise.race([Promise.allSettled([...this.inFlight].map((run) => run.done)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    return true;
  }
}

function laterOf(now: Date, last: Date | null): Date {
  return last && last.getTime() > now.getTime() ? last : now;
}
