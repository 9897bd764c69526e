import type { Database } from '../db/connect.js';
import type { JobOutcome, JobRun, JobTrigger, RunFilter } from './types.js';

interface RunRow {
  job: string;
  scheduled_for: string;
  node: string;
  triggered_by: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  error: string | null;
}

export const ABANDONED = 'abandoned';

/** The `scheduler_run` table: one row per tick that some process claimed. */
export class RunStore {
  constructor(private readonly database: Database) {}

  /**
   * Claims a tick. The primary key on (job, scheduled_for) lets exactly one insert succeed whatever
   * the number of processes; the losers see zero inserted rows. ON CONFLICT DO NOTHING is spelled
   * the same on both engines and, unlike catching the violation, leaves no error in the PostgreSQL
   * server log for every tick every other node loses.
   */
  async claim(run: {
    job: string;
    scheduledFor: string;
    node: string;
    trigger: JobTrigger;
    startedAt: string;
  }) {
    const result = await this.database.db
      .insertInto('scheduler_run')
      .values({
        job: run.job,
        scheduled_for: run.scheduledFor,
        node: run.node,
        triggered_by: run.trigger,
        started_at: run.startedAt,
        finished_at: null,
        outcome: 'running',
        error: null,
      })
      .onConflict((conflict) => conflict.columns(['job', 'scheduled_for']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Records how a claimed run ended. It overwrites an `abandoned` verdict too: a run that outlived
   * staleAfterMs but did finish should be remembered as what it really was.
   */
  async finish(
    key: { job: string; scheduledFor: string; node: string },
    outcome: Exclude<JobOutcome, 'running'>,
    error: string | null,
    finishedAt: string,
  ) {
    await this.database.db
      .updateTable('scheduler_run')
      .set({ outcome, error, finished_at: finishedAt })
      .where('job', '=', key.job)
      .where('scheduled_for', '=', key.scheduledFor)
      .where('node', '=', key.node)
      .execute();
  }

  /** Marks runs still `running` that started before `cutoff` as failed: their process died. */
  async reapAbandoned(cutoff: string, now: string, job?: string): Promise<number> {
    let query = this.database.db
      .updateTable('scheduler_run')
      .set({ outcome: 'failure', error: ABANDONED, finished_at: now })
      .where('outcome', '=', 'running')
      .where('started_at', '<', cutoff);
    if (job !== undefined) query = query.where('job', '=', job);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async list(filter: RunFilter = {}): Promise<JobRun[]> {
    const wanted = filter.limit ?? 100;
    const limit = Number.isFinite(wanted) ? Math.min(Math.max(Math.trunc(wanted), 1), 1000) : 100;
    let query = this.database.db
      .selectFrom('scheduler_run')
      .selectAll()
      .orderBy('scheduled_for', 'desc')
      .orderBy('job')
      .limit(limit);
    if (filter.job !== undefined) query = query.where('job', '=', filter.job);
    const rows = (await query.execute()) as RunRow[];
    return rows.map(toRun);
  }
}

function toRun(row: RunRow): JobRun {
  return {
    job: row.job,
    scheduledFor: row.scheduled_for,
    node: row.node,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as JobOutcome,
    error: row.error,
    trigger: row.triggered_by as JobTrigger,
  };
}
