import { type Kysely, type Migration as KyselyMigration, Migrator, sql } from 'kysely';
import { LifelineError } from '../errors.js';
import type { Database, Engine } from './connect.js';

/**
 * A schema change. Names are `<owner>/<NNNN>-<what>` (e.g. `kernel/0001-audit`): owners keep their
 * own sequence, and because modules arrive over time the runner accepts names sorted before ones
 * already applied.
 */
export interface Migration {
  readonly name: string;
  up(db: Kysely<any>, engine: Engine): Promise<void>;
}

export interface MigrationReport {
  applied: string[];
}

export async function migrate(
  database: Database,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const seen = new Set<string>();
  for (const migration of migrations) {
    if (seen.has(migration.name)) throw new Error(`migration ${migration.name} is listed twice`);
    seen.add(migration.name);
  }
  // Kysely looks for its bookkeeping tables in every PostgreSQL schema unless told which one; another
  // schema's tables (a second site, a parallel test) would then be taken for ours.
  const schema =
    database.engine === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: database.db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    allowUnorderedMigrations: true,
    migrationTableName: 'lifeline_migration',
    migrationLockTableName: 'lifeline_migration_lock',
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(
            migrations.map((migration): [string, KyselyMigration] => [
              migration.name,
              { up: (db) => migration.up(db, database.engine) },
            ]),
          ),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new LifelineError(
      'DB_MIGRATION_FAILED',
      `database migration ${failed} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      { migration: failed },
      { cause: error },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
