import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../../kernel/clock.js';
import { openDatabase } from '../../../kernel/db/connect.js';
import { migrate } from '../../../kernel/db/migrate.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import { buildApp } from '../../../server/app.js';
import { grantPermissions } from '../../../server/auth/rbac.js';
import { UNLIMITED } from '../../../server/http.testkit.js';
import { lifelineConfigSchema } from '../../../server/config.js';
import { MODULES } from '../../../server/modules.js';
import { allMigrations, openPlatform } from '../../../server/platform.js';
import type { Services } from '../../../server/services.js';
import { alertMigrations } from '../alerts/migrations.js';
import { type AlertServiceDeps, AlertService } from '../alerts/service.js';
import type { RuleCatalog } from './catalog.js';
import { DETECT_PERMISSIONS } from './permissions.js';
import { detectRoutes } from './routes.js';

export interface DetectTestApp {
  app: FastifyInstance;
  services: Services;
  alerts: AlertService;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * A full server with the detect routes mounted the way the module mount will: its migrations, its
 * permissions and its routes, on a throwaway SQLite file.
 */
export async function createDetectTestApp(
  catalog: RuleCatalog,
  options: Partial<Pick<AlertServiceDeps, 'ruleFields' | 'isAssignable'>> = {},
): Promise<DetectTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-detect-app-'));
  const config = lifelineConfigSchema.parse({
    database: { url: `sqlite:${join(dir, 'lifeline.db')}` },
    log: { level: 'silent' },
    server: UNLIMITED,
  });
  grantPermissions(DETECT_PERMISSIONS);
  const database = await openDatabase(config.database.url);
  const clock = new ManualClock(new Date());
  // The module's own mount is left out: these tests mount its routes with a catalog of their choosing.
  const modules = MODULES.filter((module) => module.id !== 'detect');
  const platform = await openPlatform(config, {
    logger: silentLogger(),
    failureDelayMs: 0,
    database,
    clock,
    modules,
  });
  // After the platform's own: the migrator refuses a database holding migrations it is not given.
  await migrate(database, [...allMigrations(modules), ...alertMigrations]);
  const { database: db, audit, bus, logger } = platform.services;
  const alerts = new AlertService({ database: db, audit, bus, clock, logger, ...options });
  const app = await buildApp(platform.services, {
    moduleRoutes: [...platform.moduleRoutes, detectRoutes({ alerts, catalog, clock })],
  });
  await app.ready();
  return {
    app,
    services: platform.services,
    alerts,
    clock,
    async close() {
      await app.close();
      await platform.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
