import QRCode from 'qrcode';
import { LifelineError } from '../../kernel/errors.js';
import type { AuthContext } from './context.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import type { SettingsStore } from './settings-store.js';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp.js';
import type { User } from './types.js';

export interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/** TOTP enrolment and removal. A secret is only active once the user proved they can read it. */
export class MfaService {
  constructor(
    private readonly ctx: AuthContext,
    private readonly settings: SettingsStore,
  ) {}

  async startEnrolment(user: User): Promise<Enrolment> {
    // Replacing a working second factor needs proof of it: turn it off with a current code first.
    if (user.mfaEnabled) throw new LifelineError('CONFLICT', 'multi-factor authentication is on already');
    const secret = newTotpSecret();
    await this.ctx.users.update(user.id, { mfa_pending_secret: secret });
    const url = otpauthUrl(secret, user.username);
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUrl: url, qrSvg };
  }

  async confirmEnrolment(
    user: User,
    code: string,
    actor: string,
    sourceIp: string | null,
  ): Promise<string[]> {
    const row = await this.ctx.users.byId(user.id);
    if (!row?.mfa_pending_secret) {
      throw new LifelineError('CONFLICT', 'start the enrolment first', { field: 'code' });
    }
    const step = verifyTotp(row.mfa_pending_secret, code.replace(/\s/g, ''), this.ctx.clock.now(), 0);
    if (step === null) {
      await this.ctx.audit.append({
        actor,
        action: 'auth.mfa.enrol',
        target: user.username,
        outcome: 'failure',
        sourceIp,
      });
      throw new LifelineError('AUTH_MFA_INVALID', undefined, { field: 'code' });
    }
    const secret = row.mfa_pending_secret;
    return this.ctx.database.db.transaction().execute(async (trx) => {
      await this.ctx.users.update(
        user.id,
        { mfa_secret: secret, mfa_pending_secret: null, mfa_enabled: 1, mfa_last_step: step },
        trx,
      );
      const codes = await issueRecoveryCodes(user.id, trx);
      await this.ctx.audit.append(
        { actor, action: 'auth.mfa.enrol', target: user.username, outcome: 'success', sourceIp },
        trx,
      );
      return codes;
    });
  }

  async disable(user: User, code: string, actor: string, sourceIp: string | null): Promise<void> {
    if (await this.settings.requiresMfa(user.role)) {
      throw new LifelineError('CONFLICT', 'your role requires multi-factor authentication');
    }
    const row = await this.ctx.users.byId(user.id);
    const step = row?.mfa_secret
      ? verifyTotp(row.mfa_secret, code, this.ctx.clock.now(), Number(row.mfa_last_step))
      : null;
    if (step === null) {
      await this.ctx.audit.append({
        actor,
        action: 'auth.mfa.disable',
        target: user.username,
        outcome: 'failure',
        sourceIp,
      });
      throw new LifelineError('AUTH_MFA_INVALID', undefined, { field: 'code' });
    }
    await this.clear(user.id, { actor, action: 'auth.mfa.disable', target: user.username, sourceIp });
  }

  /** An administrator's reset for a user who lost their device; they enrol again at next sign-in. */
  async reset(userId: string, actor: string, sourceIp: string | null): Promise<void> {
    const row = await this.ctx.users.byId(userId);
    if (!row) throw new LifelineError('USER_NOT_FOUND');
    await this.clear(userId, { actor, action: 'user.mfa.reset', target: row.username, sourceIp });
  }

  private async clear(
    userId: string,
    audit: { actor: string; action: string; target: string; sourceIp: string | null },
  ): Promise<void> {
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await this.ctx.users.update(
        userId,
        { mfa_secret: null, mfa_pending_secret: null, mfa_enabled: 0, mfa_last_step: 0 },
        trx,
      );
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await this.ctx.audit.append({ ...audit, outcome: 'success' }, trx);
    });
  }
}
