import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Role } from '../../kernel/config/schema.js';
import { randomId } from '../../kernel/crypto/random.js';
import type { Locale, User } from './types.js';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  source: string;
  oidc_subject: string | null;
  password_hash: string | null;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_enabled: number;
  mfa_last_step: number | string;
  password_change_required: number;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  locale: string;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  role: Role;
  source: 'local' | 'oidc';
  passwordHash?: string | null;
  /** The password was generated or set by someone else: the user must replace it before working. */
  passwordChangeRequired?: boolean;
  oidcSubject?: string | null;
}

export type UserPatch = Partial<{
  display_name: string;
  email: string | null;
  role: Role;
  disabled: number;
  locale: Locale;
  password_hash: string;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_enabled: number;
  mfa_last_step: number;
  password_change_required: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string;
}>;

/** User names are compared case-insensitively: "JDoe" and "jdoe" are one person. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class UserStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  async insert(user: NewUser, db: Kysely<any> = this.db): Promise<UserRow> {
    const now = this.clock.now().toISOString();
    const row: UserRow = {
      id: randomId(),
      username: normalizeUsername(user.username),
      display_name: user.displayName,
      email: user.email ?? null,
      role: user.role,
      source: user.source,
      oidc_subject: user.oidcSubject ?? null,
      password_hash: user.passwordHash ?? null,
      mfa_secret: null,
      mfa_pending_secret: null,
      mfa_enabled: 0,
      mfa_last_step: 0,
      password_change_required: user.passwordChangeRequired ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      locale: 'en',
      created_at: now,
      updated_at: now,
      last_login_at: null,
    };
    await db.insertInto('users').values(row).execute();
    return row;
  }

  async byUsername(username: string, db: Kysely<any> = this.db): Promise<UserRow | undefined> {
    return (await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', normalizeUsername(username))
      .executeTakeFirst()) as UserRow | undefined;
  }

  async byId(id: string, db: Kysely<any> = this.db): Promise<UserRow | undefined> {
    return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) as
      UserRow | undefined;
  }

  async byOidcSubject(subject: string): Promise<UserRow | undefined> {
    return (await this.db
      .selectFrom('users')
      .selectAll()
      .where('oidc_subject', '=', subject)
      .executeTakeFirst()) as UserRow | undefined;
  }

  async list(): Promise<UserRow[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()) as UserRow[];
  }

  async update(id: string, patch: UserPatch, db: Kysely<any> = this.db): Promise<void> {
    await db
      .updateTable('users')
      .set({ ...patch, updated_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async countActiveAdmins(db: Kysely<any> = this.db): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  toUser(row: UserRow): User {
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      role: row.role as Role,
      mfaEnabled: row.mfa_enabled === 1,
      passwordChangeRequired: row.password_change_required === 1,
      disabled: row.disabled === 1,
      locked: row.locked_until !== null && row.locked_until > this.clock.now().toISOString(),
      locale: row.locale as Locale,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
      source: row.source as 'local' | 'oidc',
    };
  }
}
