import type { Transaction } from 'kysely';
import type { Role } from '../../kernel/config/schema.js';
import { randomPassword } from '../../kernel/crypto/random.js';
import { isUniqueViolation } from '../../kernel/db/unique.js';
import { LifelineError } from '../../kernel/errors.js';
import type { AuthContext } from './context.js';
import type { FailureTracker } from './failures.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import type { Locale, User } from './types.js';
import { normalizeUsername, type UserPatch } from './user-store.js';

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  role: Role;
  password?: string | undefined;
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  email?: string | null | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
}

interface Who {
  actor: string;
  sourceIp: string | null;
}

/** Account administration and self-service; each change commits together with its audit record. */
export class UserAdmin {
  constructor(
    private readonly ctx: AuthContext,
    private readonly failures: FailureTracker,
  ) {}

  async create(input: CreateUserInput, who: Who): Promise<{ user: User; initialPassword?: string }> {
    const username = normalizeUsername(input.username);
    if (!/^[a-z0-9][a-z0-9._@-]{1,63}$/.test(username)) {
      throw new LifelineError(
        'VALIDATION_FAILED',
        'user names are 2-64 letters, digits, dots, dashes, @ or _',
        {
          field: 'username',
        },
      );
    }
    const generated = input.password === undefined ? randomPassword(20) : undefined;
    const password = input.password ?? generated ?? '';
    checkPasswordPolicy(password, this.ctx.config.passwordMinLength, username);
    const passwordHash = await hashPassword(password);
    const exists = () => new LifelineError('USER_EXISTS', undefined, { field: 'username' });
    const row = await this.ctx.database.db
      .transaction()
      .execute(async (trx) => {
        if (await this.ctx.users.byUsername(username, trx)) throw exists();
        const created = await this.ctx.users.insert(
          {
            ...input,
            username,
            source: 'local',
            passwordHash,
            passwordChangeRequired: generated !== undefined,
          },
          trx,
        );
        await this.audit(trx, who, 'user.create', username, { role: input.role });
        return created;
      })
      .catch((error: unknown) => {
        // Two simultaneous creations of one name both pass the check; the unique index decides.
        throw isUniqueViolation(error) ? exists() : error;
      });
    const user = this.ctx.users.toUser(row);
    return generated ? { user, initialPassword: generated } : { user };
  }

  async update(id: string, input: UpdateUserInput, who: Who): Promise<User> {
    return this.ctx.database.db.transaction().execute(async (trx) => {
      const row = await this.ctx.users.byId(id, trx);
      if (!row) throw new LifelineError('USER_NOT_FOUND');
      const patch: UserPatch = {};
      if (input.displayName !== undefined) patch.display_name = input.displayName;
      if (input.email !== undefined) patch.email = input.email;
      if (input.role !== undefined && input.role !== row.role) patch.role = input.role;
      if (input.disabled !== undefined && (input.disabled ? 1 : 0) !== row.disabled)
        patch.disabled = input.disabled ? 1 : 0;
      const losesAdmin =
        row.role === 'admin' && row.disabled === 0 && (patch.role !== undefined || patch.disabled === 1);
      if (losesAdmin && (await this.ctx.users.countActiveAdmins(trx)) <= 1)
        throw new LifelineError('USER_LAST_ADMIN');
      await this.ctx.users.update(id, patch, trx);
      if (patch.role !== undefined) {
        await this.audit(trx, who, 'user.role.change', row.username, { before: row.role, after: patch.role });
      }
      const other = Object.keys(patch).filter((key) => key !== 'role');
      if (other.length > 0) await this.audit(trx, who, 'user.update', row.username, { fields: other });
      // A disabled or demoted user must not keep working with the old rights.
      if (patch.disabled === 1 || patch.role !== undefined) await this.ctx.sessions.removeAllFor(id, trx);
      const updated = await this.ctx.users.byId(id, trx);
      return this.ctx.users.toUser(updated ?? row);
    });
  }

  async unlock(id: string, who: Who): Promise<void> {
    await this.ctx.database.db.transaction().execute(async (trx) => {
      const row = await this.ctx.users.byId(id, trx);
      if (!row) throw new LifelineError('USER_NOT_FOUND');
      await this.ctx.users.update(id, { failed_logins: 0, locked_until: null }, trx);
      await this.audit(trx, who, 'user.unlock', row.username, {});
    });
  }

  /** Sets a password without knowing the old one: for administrators and the CLI. */
  async setPassword(id: string, password: string, who: Who): Promise<void> {
    const row = await this.ctx.users.byId(id);
    if (!row) throw new LifelineError('USER_NOT_FOUND');
    checkPasswordPolicy(password, this.ctx.config.passwordMinLength, row.username);
    const hash = await hashPassword(password);
    await this.ctx.database.db.transaction().execute(async (trx) => {
      // Someone else now knows this password, so it only opens the door to choosing a new one.
      await this.ctx.users.update(
        id,
        { password_hash: hash, password_change_required: 1, failed_logins: 0, locked_until: null },
        trx,
      );
      await this.ctx.sessions.removeAllFor(id, trx);
      await this.audit(trx, who, 'user.password.set', row.username, {});
    });
  }

  async changeOwnPassword(
    user: User,
    current: string,
    next: string,
    who: Who,
    keepSessionHash?: string,
  ): Promise<void> {
    const row = await this.ctx.users.byId(user.id);
    if (!row?.password_hash)
      throw new LifelineError('CONFLICT', 'this account signs in through single sign-on');
    if (!(await verifyPassword(row.password_hash, current))) {
      // Counted like a failed sign-in: a stolen session must not become a free password-guessing oracle.
      const outcome = await this.failures.count(
        row,
        who.sourceIp,
        'wrong-current-password',
        'user.password.change',
      );
      if (outcome.lockedUntil) await this.ctx.sessions.removeAllFor(user.id);
      throw new LifelineError('AUTH_INVALID_CREDENTIALS', 'the current password is wrong', {
        field: 'currentPassword',
      });
    }
    checkPasswordPolicy(next, this.ctx.config.passwordMinLength, row.username);
    if (current === next) {
      throw new LifelineError('VALIDATION_FAILED', 'the new password must differ from the current one', {
        field: 'newPassword',
      });
    }
    const hash = await hashPassword(next);
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await this.ctx.users.update(user.id, { password_hash: hash, password_change_required: 0 }, trx);
      // Other sessions end: whoever knew the old password is signed out everywhere else.
      let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
      if (keepSessionHash) others = others.where('id_hash', '!=', keepSessionHash);
      await others.execute();
      await this.audit(trx, who, 'user.password.change', row.username, {});
    });
  }

  async updateProfile(
    user: User,
    input: { displayName?: string | undefined; locale?: Locale | undefined },
    who: Who,
  ): Promise<User> {
    const patch: UserPatch = {};
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.locale !== undefined) patch.locale = input.locale;
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await this.ctx.users.update(user.id, patch, trx);
      await this.audit(trx, who, 'user.profile.update', user.username, { fields: Object.keys(patch) });
    });
    const row = await this.ctx.users.byId(user.id);
    if (!row) throw new LifelineError('USER_NOT_FOUND');
    return this.ctx.users.toUser(row);
  }

  private async audit(
    trx: Transaction<any>,
    who: Who,
    action: string,
    target: string,
    details: Record<string, string | readonly string[]>,
  ) {
    await this.ctx.audit.append(
      { actor: who.actor, action, target, outcome: 'success', details, sourceIp: who.sourceIp },
      trx,
    );
  }
}
