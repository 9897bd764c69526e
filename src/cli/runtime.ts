import type { PlatformConfig } from '../kernel/config/schema.js';
import { type Database, openDatabase } from '../kernel/db/connect.js';
import { type Migration, migrate } from '../kernel/db/migrate.js';
import type { Logger } from '../kernel/log/logger.js';
import { demoMigrations } from '../server/demo/migrations.js';
import { type Platform, allMigrations, openPlatform } from '../server/platform.js';

/**
 * Demo migrations the platform's own list does not carry. Recording them in the migration table would
 * make every later openPlatform() reject the database ("previously executed migration is missing"),
 * so they run unrecorded; they are written to be idempotent. Once allMigrations() lists them this is
 * empty and they are recorded like any other.
 */
function unlistedDemoMigrations(): Migration[] {
  const listed = new Set(allMigrations().map((migration) => migration.name));
  return demoMigrations.filter((migration) => !listed.has(migration.name));
}

/** Brings the schema up to date; returns the names of the recorded migrations that ran. */
export async function migrateDatabase(database: Database): Promise<string[]> {
  const { applied } = await migrate(database, allMigrations());
  for (const migration of unlistedDemoMigrations()) await migration.up(database.db, database.engine);
  return applied;
}

export interface Runtime {
  platform: Platform;
  /** Migrations this opening applied. */
  applied: string[];
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and starts the platform services on it. */
export async function openRuntime(config: PlatformConfig, logger: Logger): Promise<Runtime> {
  const database = await openDatabase(config.database.url);
  try {
    const applied = await migrateDatabase(database);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    const platform = await openPlatform(config, { logger, database });
    return {
      platform,
      applied,
      async close() {
        try {
          await platform.close();
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
