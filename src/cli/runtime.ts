import type { PlatformConfig } from '../kernel/config/schema.js';
import { type Database, openDatabase } from '../kernel/db/connect.js';
import { migrate } from '../kernel/db/migrate.js';
import type { Logger } from '../kernel/log/logger.js';
import { type Platform, allMigrations, openPlatform } from '../server/platform.js';

/** Brings the schema up to date; returns the names of the migrations that ran. */
export async function migrateDatabase(database: Database): Promise<string[]> {
  return (await migrate(database, allMigrations())).applied;
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
