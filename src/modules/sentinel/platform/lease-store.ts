import type { Kysely } from 'kysely';

/** Who watches a share: one process, named by node and pid, until its lease runs out. */
export interface ShareLease {
  share: string;
  holder: string;
  node: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

export interface LeaseHolder {
  id: string;
  node: string;
  pid: number;
}

export type LeaseAnswer = { ok: true; tookOver: ShareLease | null } | { ok: false; lease: ShareLease };

interface LeaseRow {
  share: string;
  holder: string;
  node: string;
  pid: number | string;
  acquired_at: string;
  expires_at: string;
}

/**
 * Leases on shares in the database, so that processes on any node agree who watches a share. Each
 * change is a compare-and-set on the row as read: two processes racing for an expired lease cannot
 * both win, on SQLite or PostgreSQL.
 */
export class LeaseStore {
  constructor(private readonly db: Kysely<any>) {}

  /**
   * Takes the share for `holder` until `expiresAt` when it is free, already held by `holder`, or
   * held by a lease that `expired` judges over; otherwise answers with the live lease.
   */
  async acquire(
    share: string,
    holder: LeaseHolder,
    at: { now: string; expiresAt: string },
    expired: (lease: ShareLease) => boolean,
  ): Promise<LeaseAnswer> {
    const values = {
      holder: holder.id,
      node: holder.node,
      pid: holder.pid,
      acquired_at: at.now,
      expires_at: at.expiresAt,
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.db
        .insertInto('sentinel_leases')
        .values({ share, ...values })
        .onConflict((oc) => oc.column('share').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { ok: true, tookOver: null };
      const current = await this.get(share);
      if (!current) continue;
      const mine = current.holder === holder.id;
      if (!mine && !expired(current)) return { ok: false, lease: current };
      const updated = await this.db
        .updateTable('sentinel_leases')
        .set(mine ? { expires_at: at.expiresAt } : values)
        .where('share', '=', share)
        .where('holder', '=', current.holder)
        .where('expires_at', '=', current.expiresAt)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) return { ok: true, tookOver: mine ? null : current };
    }
    const current = await this.get(share);
    return current ? { ok: false, lease: current } : { ok: true, tookOver: null };
  }

  /** Extends the holder's lease; false when it no longer holds it (another process took over). */
  async renew(share: string, holder: string, expiresAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('sentinel_leases')
      .set({ expires_at: expiresAt })
      .where('share', '=', share)
      .where('holder', '=', holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Gives the share up, if the holder still holds it. */
  async release(share: string, holder: string): Promise<void> {
    await this.db
      .deleteFrom('sentinel_leases')
      .where('share', '=', share)
      .where('holder', '=', holder)
      .execute();
  }

  async get(share: string): Promise<ShareLease | undefined> {
    const row = (await this.db
      .selectFrom('sentinel_leases')
      .selectAll()
      .where('share', '=', share)
      .executeTakeFirst()) as LeaseRow | undefined;
    return row ? leaseFromRow(row) : undefined;
  }

  async list(): Promise<ShareLease[]> {
    const rows = (await this.db
      .selectFrom('sentinel_leases')
      .selectAll()
      .orderBy('share')
      .execute()) as LeaseRow[];
    return rows.map(leaseFromRow);
  }
}

function leaseFromRow(row: LeaseRow): ShareLease {
  return {
    share: row.share,
    holder: row.holder,
    node: row.node,
    pid: Number(row.pid),
    acquiredAt: row.acquired_at,
    expiresAt: row.expires_at,
  };
}
