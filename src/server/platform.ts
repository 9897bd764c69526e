import { hostname } from 'node:os';
import type { FastifyPluginAsync } from 'fastify';
import { AuditLog } from '../kernel/audit/log.js';
import { auditMigrations } from '../kernel/audit/migrations.js';
import { createBus } from '../kernel/bus/create.js';
import type { EventBus } from '../kernel/bus/types.js';
import { type Clock, systemClock } from '../kernel/clock.js';
import type { LifelineConfig } from './config.js';
import { type Database, openDatabase } from '../kernel/db/connect.js';
import { type Migration, migrate } from '../kernel/db/migrate.js';
import { loggableError } from '../kernel/errors.js';
import { type Logger, createLogger } from '../kernel/log/logger.js';
import { schedulerMigrations } from '../kernel/scheduler/migrations.js';
import { Scheduler } from '../kernel/scheduler/scheduler.js';
import { accountMigrations } from './auth/migrations.js';
import { demoMigrations } from './demo/migrations.js';
import { grantPermissions } from './auth/rbac.js';
import { MODULES, type ModuleMount } from './modules.js';
import { type Services, createServices } from './services.js';

export interface Platform {
  services: Services;
  /** The mounted modules' routes, registered by the app. */
  moduleRoutes: FastifyPluginAsync[];
  /** Migrations applied while opening. */
  applied: string[];
  scheduler: Scheduler;
  /** Starts the modules' background work (ingest listeners, stream consumers) in a serving process. */
  startModules(): Promise<void>;
  /** Lets started modules add their demo data (alerts from demo logs, …). */
  seedModuleDemos(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  clock?: Clock;
  /** Use an already open database (tests share one across a suite). */
  database?: Database;
  bus?: EventBus;
  failureDelayMs?: number;
  /** The modules to mount; all of this build's by default (tests mount fewer). */
  modules?: readonly ModuleMount[];
}

export function allMigrations(modules: readonly ModuleMount[] = MODULES): Migration[] {
  return [
    ...auditMigrations,
    ...schedulerMigrations,
    ...accountMigrations,
    ...demoMigrations,
    ...modules.flatMap((m) => m.migrations),
  ];
}

for (const module of MODULES) grantPermissions(module.permissions);

/** Opens everything the platform runs on, migrating the database first. */
export async function openPlatform(config: LifelineConfig, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.log);
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database.url));
  let bus: EventBus | undefined;
  try {
    const modules = options.modules ?? MODULES;
    const report = await migrate(database, allMigrations(modules));
    if (report.applied.length > 0) logger.info({ migrations: report.applied }, 'database migrated');
    bus = options.bus ?? (await createBus(config.bus, logger));
    const audit = new AuditLog(database, clock);
    const services = createServices({
      config,
      database,
      bus,
      audit,
      clock,
      logger,
      ...(options.failureDelayMs !== undefined ? { failureDelayMs: options.failureDelayMs } : {}),
    });
    const scheduler = new Scheduler({ database, node: `${hostname()}:${process.pid}`, clock, logger });
    scheduler.register({
      name: 'platform.sessions.purge',
      cron: '*/10 * * * *',
      run: async () => {
        await services.auth.sessions.purgeExpired();
      },
    });
    const runtimes = modules.map((module) => module.create?.(services) ?? {});
    for (const job of runtimes.flatMap((runtime) => runtime.scheduled ?? [])) scheduler.register(job);
    const openedBus = bus;
    return {
      services,
      applied: report.applied,
      moduleRoutes: runtimes.flatMap((runtime) => (runtime.routes ? [runtime.routes] : [])),
      scheduler,
      async startModules() {
        for (const runtime of runtimes) await runtime.start?.();
      },
      async seedModuleDemos() {
        for (const runtime of runtimes) await runtime.demo?.();
      },
      async close() {
        try {
          await scheduler.stop();
          // Reverse order: a module started later may depend on one started before it. One that
          // fails to close must not keep the others, the bus or the database open.
          for (const runtime of [...runtimes].reverse()) {
            try {
              await runtime.close?.();
            } catch (error) {
              logger.error({ err: loggableError(error) }, 'a module did not close cleanly');
            }
          }
        } finally {
          if (!options.bus) await openedBus.close();
          if (!options.database) await database.close();
        }
      },
    };
  } catch (error) {
    if (bus && !options.bus) await bus.close();
    if (!options.database) await database.close();
    throw error;
  }
}
