import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthContext } from './context.js';
import { normalizeUsername, type UserRow } from './user-store.js';

const MAX_FAILURE_DELAY_MS = 5_000;
const MAX_TRACKED_UNKNOWN_NAMES = 10_000;

export interface FailureOutcome {
  failures: number;
  /** Set when this failure locked the account (or the unknown name). */
  lockedUntil: string | null;
}

/**
 * Counts failed proofs of identity (password, second factor, current password) and locks after the
 * threshold. Unknown user names are counted too, in memory, with the same delays and the same
 * lock-out, so that answers and timing do not reveal which names exist.
 */
export class FailureTracker {
  private readonly unknownNames = new Map<string, { failures: number; lockedUntil: string | null }>();

  constructor(private readonly ctx: AuthContext) {}

  /** Counts one failure atomically (parallel guesses cannot slip under the threshold), audits it, waits. */
  async count(
    row: UserRow,
    sourceIp: string | null,
    reason: string,
    action = 'auth.login',
  ): Promise<FailureOutcome> {
    const updated = await this.ctx.database.db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', row.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const failures = Number(updated.failed_logins);
    const lockedUntil = failures >= this.ctx.config.lockoutThreshold ? this.lockEnd() : null;
    if (lockedUntil) {
      await this.ctx.users.update(row.id, { failed_logins: 0, locked_until: lockedUntil });
      await this.auditLockout(row.username, failures, lockedUntil, sourceIp);
    }
    await this.fail(row.username, sourceIp, reason, failures, action);
    return { failures, lockedUntil };
  }

  /** The in-memory twin of `count` for a name with no account behind it. */
  async countUnknown(claimed: string, sourceIp: string | null): Promise<FailureOutcome> {
    const name = normalizeUsername(claimed);
    const entry = this.unknownNames.get(name) ?? { failures: 0, lockedUntil: null };
    this.unknownNames.delete(name);
    entry.failures += 1;
    const lockedUntil = entry.failures >= this.ctx.config.lockoutThreshold ? this.lockEnd() : null;
    if (lockedUntil) Object.assign(entry, { failures: 0, lockedUntil });
    this.unknownNames.set(name, entry);
    if (this.unknownNames.size > MAX_TRACKED_UNKNOWN_NAMES) {
      this.unknownNames.delete(this.unknownNames.keys().next().value as string);
    }
    if (lockedUntil) await this.auditLockout(name, this.ctx.config.lockoutThreshold, lockedUntil, sourceIp);
    await this.fail(
      name,
      sourceIp,
      'unknown-user',
      lockedUntil ? this.ctx.config.lockoutThreshold : entry.failures,
    );
    return { failures: entry.failures, lockedUntil };
  }

  /** When the account (or unknown name) is locked now, the time it unlocks. */
  lockedUntil(row: UserRow | undefined, claimed: string): string | null {
    const until = row
      ? row.locked_until
      : (this.unknownNames.get(normalizeUsername(claimed))?.lockedUntil ?? null);
    return until && until > this.ctx.clock.now().toISOString() ? until : null;
  }

  /** Audits a refused attempt and applies the progressive delay for `failures` failures so far. */
  async fail(
    username: string,
    sourceIp: string | null,
    reason: string,
    failures: number,
    action = 'auth.login',
  ) {
    await this.ctx.audit.append({
      actor: username || 'anonymous',
      action,
      target: username || null,
      outcome: 'failure',
      details: { reason },
      sourceIp,
    });
    if (failures > 0 && this.ctx.failureDelayMs > 0) {
      await sleep(Math.min(this.ctx.failureDelayMs * 2 ** (failures - 1), MAX_FAILURE_DELAY_MS));
    }
  }

  private lockEnd(): string {
    return new Date(this.ctx.clock.now().getTime() + this.ctx.config.lockoutMinutes * 60_000).toISOString();
  }

  private async auditLockout(
    username: string,
    failures: number,
    lockedUntil: string,
    sourceIp: string | null,
  ) {
    await this.ctx.audit.append({
      actor: 'system',
      action: 'auth.lockout',
      target: username,
      outcome: 'success',
      details: { failures, lockedUntil },
      sourceIp,
    });
  }
}
