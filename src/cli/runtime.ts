import type { LifelineConfig } from '../server/config.js';
import type { Database } from '../kernel/db/connect.js';
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

/** Opens the platform (which brings the schema up to date first). */
export async function openRuntime(config: LifelineConfig, logger: Logger): Promise<Runtime> {
  const platform = await openPlatform(config, { logger });
  return { platform, applied: platform.applied, close: () => platform.close() };
}
