import { sha256Hex } from '../../kernel/crypto/random.js';
import { LifelineError } from '../../kernel/errors.js';
import type { AuthContext } from './context.js';
import type { FailureTracker } from './failures.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import type { SessionRow } from './session-store.js';
import { verifyTotp } from './totp.js';
import type { UserRow } from './user-store.js';

export type LoginResult =
  | { status: 'ok'; sessionId: string; session: SessionRow; user: UserRow }
  | { status: 'mfa-required'; sessionId: string };

/** A password-checked session waiting for its second factor lives this long. */
const PENDING_MFA_MS = 5 * 60_000;

/**
 * Password and second-factor sign-in. Failures slow down progressively and lock the account after
 * the configured number; every attempt, good or bad, lands in the audit log.
 */
export class LoginService {
  constructor(
    private readonly ctx: AuthContext,
    private readonly failures: FailureTracker,
  ) {}

  async login(username: string, password: string, sourceIp: string | null): Promise<LoginResult> {
    const claimed = username.trim().slice(0, 128);
    const row = await this.ctx.users.byUsername(claimed);
    // The password is always checked (or the same time spent) before anything else is revealed.
    const passwordOk = row?.password_hash
      ? await verifyPassword(row.password_hash, password)
      : await burnPasswordCheck(password).then(() => false);
    const lockedUntil = this.failures.lockedUntil(row, claimed);
    if (lockedUntil) {
      await this.failures.fail(row?.username ?? claimed, sourceIp, 'locked', 0);
      throw new LifelineError('AUTH_ACCOUNT_LOCKED', undefined, { lockedUntil });
    }
    if (!row?.password_hash || !passwordOk) {
      if (row?.password_hash) await this.failures.count(row, sourceIp, 'wrong-password');
      else await this.failures.countUnknown(claimed, sourceIp);
      throw new LifelineError('AUTH_INVALID_CREDENTIALS');
    }
    if (row.disabled === 1) {
      await this.failures.fail(row.username, sourceIp, 'disabled', 0);
      throw new LifelineError('AUTH_ACCOUNT_DISABLED');
    }
    // The failure counter is only reset once every factor passed (in openSession): resetting it
    // after the password alone would let a password holder guess second-factor codes for ever.
    if (row.mfa_enabled === 1) {
      const pending = await this.ctx.sessions.create(row.id, false, sourceIp);
      return { status: 'mfa-required', sessionId: pending.id };
    }
    return this.openSession(row, sourceIp, 'password');
  }

  /** Second step: a TOTP code or an unused recovery code for a pending session. */
  async completeMfa(pendingSessionId: string, code: string, sourceIp: string | null): Promise<LoginResult> {
    const pending = await this.ctx.sessions.resolve(pendingSessionId);
    const expired =
      pending && Date.parse(pending.created_at) + PENDING_MFA_MS < this.ctx.clock.now().getTime();
    if (!pending || pending.mfa_passed === 1 || expired) {
      if (pending && expired) await this.ctx.sessions.remove(pending.id_hash);
      throw new LifelineError('AUTH_REQUIRED', 'sign in with your password first');
    }
    const row = await this.ctx.users.byId(pending.user_id);
    if (!row?.mfa_secret || row.disabled === 1) throw new LifelineError('AUTH_REQUIRED');
    const cleaned = code.replace(/\s/g, '');
    const step = verifyTotp(row.mfa_secret, cleaned, this.ctx.clock.now(), Number(row.mfa_last_step));
    let method: 'totp' | 'recovery-code';
    if (step !== null) {
      await this.ctx.users.update(row.id, { mfa_last_step: step });
      method = 'totp';
    } else if (await consumeRecoveryCode(this.ctx, row.id, cleaned)) {
      method = 'recovery-code';
    } else {
      const locked = (await this.failures.count(row, sourceIp, 'wrong-mfa-code')).lockedUntil !== null;
      if (locked) await this.ctx.sessions.remove(pending.id_hash);
      throw new LifelineError(locked ? 'AUTH_ACCOUNT_LOCKED' : 'AUTH_MFA_INVALID');
    }
    // The pending session is discarded and a new id issued, so a fixed or observed id is worthless.
    await this.ctx.sessions.remove(pending.id_hash);
    return this.openSession(row, sourceIp, method);
  }

  async logout(sessionId: string, actor: string, sourceIp: string | null): Promise<void> {
    await this.ctx.sessions.remove(sha256Hex(sessionId));
    await this.ctx.audit.append({ actor, action: 'auth.logout', outcome: 'success', sourceIp });
  }

  /** Opens a full session for a user already proven by password+MFA or by single sign-on. */
  async openSession(
    row: UserRow,
    sourceIp: string | null,
    method: string,
  ): Promise<LoginResult & { status: 'ok' }> {
    return this.ctx.database.db.transaction().execute(async (trx) => {
      const { id, row: session } = await this.ctx.sessions.create(row.id, true, sourceIp, trx);
      const now = this.ctx.clock.now().toISOString();
      await this.ctx.users.update(row.id, { last_login_at: now, failed_logins: 0, locked_until: null }, trx);
      await this.ctx.audit.append(
        {
          actor: row.username,
          action: 'auth.login',
          target: row.username,
          outcome: 'success',
          details: { method },
          sourceIp,
        },
        trx,
      );
      return { status: 'ok' as const, sessionId: id, session, user: { ...row, last_login_at: now } };
    });
  }
}
