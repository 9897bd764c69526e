import type { Kysely } from 'kysely';
import type { CanaryRecord } from '../canary/index.js';
import type { WatchCoverage } from '../types.js';

/** A share's watch as last started: complete, or the reason it is not and how to fix it. */
export interface ShareStatus {
  path: string;
  mode: WatchCoverage['mode'];
  complete: boolean;
  problem: string | null;
  directories: number;
  startedAt: string;
  canariesVerifiedAt: string | null;
  canariesRenewedAt: string | null;
  /** When the files present at start were fingerprinted; null while that goes on (or never finished). */
  baselineAt: string | null;
  /** The last time the kernel dropped events on the share. */
  eventsLostAt: string | null;
}

interface ShareRow {
  path: string;
  mode: string;
  complete: number | string;
  problem: string | null;
  directories: number | string;
  started_at: string;
  canaries_verified_at: string | null;
  canaries_renewed_at: string | null;
  baseline_at: string | null;
  events_lost_at: string | null;
}

interface CanaryRow {
  path: string;
  share: string;
  directory: string;
  position: string;
  sha256: string;
  placed_at: string;
}

/** Shares' coverage and their canaries, by path. */
export class ShareStore {
  constructor(private readonly db: Kysely<any>) {}

  async recordCoverage(share: string, coverage: WatchCoverage, at: string): Promise<void> {
    const values = {
      mode: coverage.mode,
      complete: coverage.complete ? 1 : 0,
      problem: coverage.complete ? null : (coverage.problem ?? 'coverage is incomplete'),
      directories: coverage.directories,
      started_at: at,
      baseline_at: null,
    };
    await this.db
      .insertInto('sentinel_shares')
      .values({ path: share, ...values })
      .onConflict((oc) => oc.column('path').doUpdateSet(values))
      .execute();
  }

  async list(): Promise<ShareStatus[]> {
    const rows = (await this.db
      .selectFrom('sentinel_shares')
      .selectAll()
      .orderBy('path')
      .execute()) as ShareRow[];
    return rows.map(shareFromRow);
  }

  async get(share: string): Promise<ShareStatus | undefined> {
    const row = (await this.db
      .selectFrom('sentinel_shares')
      .selectAll()
      .where('path', '=', share)
      .executeTakeFirst()) as ShareRow | undefined;
    return row ? shareFromRow(row) : undefined;
  }

  /**
   * Coverage lost after start (a new folder that could not be watched): the share stays in the list
   * with the problem, its start and fingerprinting left as they were.
   */
  async markIncomplete(share: string, problem: string): Promise<void> {
    await this.db
      .updateTable('sentinel_shares')
      .set({ complete: 0, problem })
      .where('path', '=', share)
      .execute();
  }

  async markBaseline(share: string, at: string): Promise<void> {
    await this.db.updateTable('sentinel_shares').set({ baseline_at: at }).where('path', '=', share).execute();
  }

  async markEventsLost(share: string, at: string): Promise<void> {
    await this.db
      .updateTable('sentinel_shares')
      .set({ events_lost_at: at })
      .where('path', '=', share)
      .execute();
  }

  async markCanaries(share: string, what: 'verified' | 'renewed', at: string): Promise<void> {
    await this.db
      .updateTable('sentinel_shares')
      .set(
        what === 'verified'
          ? { canaries_verified_at: at }
          : { canaries_renewed_at: at, canaries_verified_at: at },
      )
      .where('path', '=', share)
      .execute();
  }

  /** Replaces the share's canary records with the given ones: what is placed now is all there is. */
  async replaceCanaries(share: string, records: readonly CanaryRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sentinel_canaries').where('share', '=', share).execute();
      if (records.length === 0) return;
      await trx
        .insertInto('sentinel_canaries')
        .values(
          records.map((record) => ({
            path: record.path,
            share,
            directory: record.directory,
            position: record.position,
            sha256: record.sha256,
            placed_at: record.placedAt,
          })),
        )
        .execute();
    });
  }

  async canaries(share?: string): Promise<Array<CanaryRecord & { share: string }>> {
    let query = this.db.selectFrom('sentinel_canaries').selectAll().orderBy('share').orderBy('path');
    if (share !== undefined) query = query.where('share', '=', share);
    const rows = (await query.execute()) as CanaryRow[];
    return rows.map((row) => ({
      share: row.share,
      path: row.path,
      directory: row.directory,
      position: row.position === 'last' ? 'last' : 'first',
      sha256: row.sha256,
      placedAt: row.placed_at,
    }));
  }
}

function shareFromRow(row: ShareRow): ShareStatus {
  return {
    path: row.path,
    mode: row.mode === 'fanotify' ? 'fanotify' : 'inotify',
    complete: Number(row.complete) === 1,
    problem: row.problem,
    directories: Number(row.directories),
    startedAt: row.started_at,
    canariesVerifiedAt: row.canaries_verified_at,
    canariesRenewedAt: row.canaries_renewed_at,
    baselineAt: row.baseline_at,
    eventsLostAt: row.events_lost_at,
  };
}
