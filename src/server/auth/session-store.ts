import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { randomToken, sha256Hex } from '../../kernel/crypto/random.js';

export interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_passed: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  source_ip: string | null;
}

export interface SessionTimeouts {
  idleMinutes: number;
  maxHours: number;
}

/**
 * Server-side sessions. The cookie holds a random id; the database holds only its SHA-256, so a
 * leaked database does not hand out live sessions.
 */
export class SessionStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
  ) {}

  async create(
    userId: string,
    mfaPassed: boolean,
    sourceIp: string | null,
    db: Kysely<any> = this.db,
  ): Promise<{ id: string; row: SessionRow }> {
    const id = randomToken(32);
    const now = this.clock.now();
    const row: SessionRow = {
      id_hash: sha256Hex(id),
      user_id: userId,
      csrf_token: randomToken(24),
      mfa_passed: mfaPassed ? 1 : 0,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + this.timeouts.maxHours * 3_600_000).toISOString(),
      source_ip: sourceIp,
    };
    await db.insertInto('sessions').values(row).execute();
    return { id, row };
  }

  /** The live session for a cookie value, touching its idle timer; expired sessions are removed. */
  async resolve(id: string): Promise<SessionRow | undefined> {
    const idHash = sha256Hex(id);
    const row = (await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst()) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.clock.now();
    const idleLimit = new Date(now.getTime() - this.timeouts.idleMinutes * 60_000).toISOString();
    if (row.expires_at <= now.toISOString() || row.last_seen_at <= idleLimit) {
      await this.remove(idHash);
      return undefined;
    }
    // Touch at most once a minute: a busy console would otherwise write on every request.
    if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
      row.last_seen_at = now.toISOString();
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: row.last_seen_at })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return row;
  }

  async remove(idHash: string, db: Kysely<any> = this.db): Promise<void> {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async removeAllFor(userId: string, db: Kysely<any> = this.db): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    const idleLimit = new Date(now.getTime() - this.timeouts.idleMinutes * 60_000).toISOString();
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleLimit)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
