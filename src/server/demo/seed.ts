import { sql } from 'kysely';
import type { Role } from '../../kernel/config/schema.js';
import type { Database } from '../../kernel/db/connect.js';
import type { Services } from '../services.js';
import { type DemoHospital, loadDemoHospital } from './hospital.js';

export interface DemoAccount {
  username: string;
  role: Role;
  /** Generated now and kept nowhere but in the password hash: the caller shows it once or drops it. */
  password: string;
}

export interface DemoSeedResult {
  hospital: string;
  /** False when everything was in place already. */
  changed: boolean;
  departmentsAdded: string[];
  accountsAdded: DemoAccount[];
  /** The administrator account, only when this run created it. */
  admin: DemoAccount | null;
}

export type DemoSeedServices = Pick<Services, 'database' | 'users' | 'auth' | 'audit' | 'clock'>;

export interface DemoSeedOptions {
  /** Audit actor, e.g. `cli:alice` or `system`. */
  actor: string;
  hospital?: DemoHospital;
}

/** Whether any account exists; `lifeline start` only seeds an empty database. */
export async function hasUsers(database: Database): Promise<boolean> {
  const row = await database.db
    .selectFrom('users')
    .select(sql<number>`1`.as('one'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Adds the demo hospital's departments and accounts that are missing, and nothing else: running it
 * again, or from two processes at once, changes nothing. Each account is audited as it is created;
 * one `demo.seed` record sums up the run.
 */
export async function seedDemo(
  services: DemoSeedServices,
  options: DemoSeedOptions,
): Promise<DemoSeedResult> {
  const demo = options.hospital ?? loadDemoHospital();
  const who = { actor: options.actor, sourceIp: null };
  const accountsAdded: DemoAccount[] = [];
  for (const spec of demo.users) {
    if (await services.auth.users.byUsername(spec.username)) continue;
    try {
      const created = await services.users.create(
        {
          username: spec.username,
          displayName: spec.displayName,
          email: `${spec.username}@${demo.hospital.emailDomain}`,
          role: spec.role,
        },
        who,
      );
      if (created.initialPassword) {
        accountsAdded.push({
          username: created.user.username,
          role: spec.role,
          password: created.initialPassword,
        });
      }
    } catch (error) {
      // Another process seeding at the same moment won the race for this name; that is the goal met.
      // On PostgreSQL the loser sees a raw unique violation rather than USER_EXISTS, so look again.
      if (await services.auth.users.byUsername(spec.username)) continue;
      throw error;
    }
  }

  const now = services.clock.now().toISOString();
  const departmentsAdded = await services.database.db.transaction().execute(async (trx) => {
    const added: string[] = [];
    for (const department of demo.departments) {
      const result = await trx
        .insertInto('departments')
        .values({
          id: department.id,
          site: demo.hospital.site,
          code: department.code,
          name: department.name,
          beds: department.beds,
          location: department.location ?? null,
          created_at: now,
        })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) added.push(department.id);
    }
    if (added.length > 0 || accountsAdded.length > 0) {
      await services.audit.append(
        {
          actor: options.actor,
          action: 'demo.seed',
          target: demo.hospital.name,
          outcome: 'success',
          details: { departments: added, users: accountsAdded.map((account) => account.username) },
        },
        trx,
      );
    }
    return added;
  });

  return {
    hospital: demo.hospital.name,
    changed: departmentsAdded.length > 0 || accountsAdded.length > 0,
    departmentsAdded,
    accountsAdded,
    admin: accountsAdded.find((account) => account.role === 'admin') ?? null,
  };
}
