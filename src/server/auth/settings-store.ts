import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../../kernel/audit/log.js';
import type { Clock } from '../../kernel/clock.js';
import { ROLES, type Role } from '../../kernel/config/schema.js';
import type { User } from './types.js';

const mfaPolicySchema = z.object({ requiredRoles: z.array(z.enum(ROLES)) });
export type MfaPolicy = z.infer<typeof mfaPolicySchema>;

const MFA_POLICY_KEY = 'auth.mfa-policy';

/** Settings an administrator changes at run time (unlike the file configuration, read at start). */
export class SettingsStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async mfaPolicy(): Promise<MfaPolicy> {
    const row = (await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', MFA_POLICY_KEY)
      .executeTakeFirst()) as { value: string } | undefined;
    if (!row) return { requiredRoles: [] };
    const parsed = mfaPolicySchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : { requiredRoles: [] };
  }

  async requiresMfa(role: Role): Promise<boolean> {
    return (await this.mfaPolicy()).requiredRoles.includes(role);
  }

  /** Single sign-on users prove their second factor at the identity provider, so only local users enrol. */
  async mfaEnrolmentRequired(user: User): Promise<boolean> {
    return !user.mfaEnabled && user.source === 'local' && (await this.requiresMfa(user.role));
  }

  async setMfaPolicy(policy: MfaPolicy, actor: string, sourceIp: string | null): Promise<MfaPolicy> {
    const clean: MfaPolicy = { requiredRoles: ROLES.filter((role) => policy.requiredRoles.includes(role)) };
    const previous = await this.mfaPolicy();
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now().toISOString();
      await trx.deleteFrom('settings').where('key', '=', MFA_POLICY_KEY).execute();
      await trx
        .insertInto('settings')
        .values({ key: MFA_POLICY_KEY, value: JSON.stringify(clean), updated_at: now, updated_by: actor })
        .execute();
      await this.audit.append(
        {
          actor,
          action: 'settings.mfa-policy.change',
          target: MFA_POLICY_KEY,
          outcome: 'success',
          details: { before: previous.requiredRoles, after: clean.requiredRoles },
          sourceIp,
        },
        trx,
      );
    });
    return clean;
  }
}
