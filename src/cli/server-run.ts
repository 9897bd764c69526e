import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { LifelineConfig } from '../server/config.js';
import { LifelineError } from '../kernel/errors.js';
import { type Logger, createLogger } from '../kernel/log/logger.js';
import { buildApp } from '../server/app.js';
import { hasUsers, seedDemo } from '../server/demo/seed.js';
import { parsePort } from './args.js';
import type { CliContext } from './context.js';
import { openRuntime } from './runtime.js';
import { auditConfigChanges } from '../server/config-audit.js';
import { reportSeed } from './seed-report.js';
import { type StopRequests, listenForStop } from './stop-requests.js';

// tsc keeps src/'s layout under dist/, so from src/cli/ and dist/cli/ alike this is <package>/web/dist.
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface RunServerOptions {
  /** Seed the demo hospital into an empty database when the configuration allows it. */
  seed: boolean;
  host?: string | undefined;
  port?: string | undefined;
}

/** Runs the platform until asked to stop, then drains requests within the configured grace period. */
export async function runServer(ctx: CliContext, command: Command, options: RunServerOptions): Promise<void> {
  const config = ctx.config(command, {
    'server.host': options.host,
    'server.port': options.port === undefined ? undefined : parsePort(options.port),
  });
  const logger = serverLogger(ctx, config);
  const stop = listenForStop(ctx.io.signal);
  try {
    await serveUntilStopped(ctx, config, logger, options.seed, stop);
  } finally {
    stop.dispose();
  }
}

async function serveUntilStopped(
  ctx: CliContext,
  config: LifelineConfig,
  logger: Logger,
  seed: boolean,
  stop: StopRequests,
): Promise<void> {
  const runtime = await openRuntime(config, logger);
  let app: FastifyInstance | undefined;
  try {
    const { services, scheduler } = runtime.platform;
    const changed = await auditConfigChanges(config, services.database, services.audit, services.clock);
    if (changed.length > 0) logger.info({ keys: changed }, 'configuration changed since the last start');
    const seeding = seed && config.demo.seed && !(await hasUsers(services.database));
    if (seeding) {
      // Printed on stdout, never through the logger: log lines are shipped and kept, this must not be.
      reportSeed(ctx, await seedDemo(services, { actor: ctx.actor }), false);
    }
    app = await buildApp(services, {
      consoleDir: config.server.consoleDir ?? DEFAULT_CONSOLE_DIR,
      moduleRoutes: runtime.platform.moduleRoutes,
    });
    scheduler.start();
    await runtime.platform.startModules();
    if (seeding) await runtime.platform.seedModuleDemos();
    await listen(app, config);
    const url = displayUrl(config, (app.server.address() as AddressInfo).port);
    ctx.out(
      `Lifeline is running at ${url}${config.server.publicUrl ? ` (public URL ${config.server.publicUrl})` : ''}`,
    );
    const reason = await stop.requested;
    logger.info({ reason }, 'shutting down');
    const graceMs = config.server.shutdownGraceSeconds * 1000;
    await closeWithin(app, graceMs, stop.forced, logger);
    app = undefined;
    await scheduler.stop({ graceMs });
    ctx.out('Lifeline stopped');
  } finally {
    if (app) await app.close();
    await runtime.close();
  }
}

async function closeWithin(
  app: FastifyInstance,
  graceMs: number,
  forced: Promise<string>,
  logger: Logger,
): Promise<void> {
  const closing = app.close();
  const timer = new AbortController();
  const outcome = await Promise.race([
    closing.then(() => 'closed'),
    sleep(graceMs, 'grace expired', { signal: timer.signal }).catch(() => 'closed'),
    forced.then((reason) => `${reason} repeated`),
  ]);
  timer.abort();
  if (outcome === 'closed') return;
  logger.warn({ reason: outcome }, 'closing connections that are still busy');
  app.server.closeAllConnections();
  await closing;
}

async function listen(app: FastifyInstance, config: LifelineConfig): Promise<void> {
  const { host, port } = config.server;
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use'
        : code === 'EACCES'
          ? 'permission denied'
          : 'no such address';
    throw new LifelineError(
      'CONFIG_INVALID',
      `cannot listen on ${host}:${port}: ${why}; set server.host / server.port`,
      {
        key: 'server.port',
      },
    );
  }
}

function serverLogger(ctx: CliContext, config: LifelineConfig): Logger {
  // On a real terminal the logger decides about pretty-printing itself; elsewhere it writes where told.
  return ctx.io.stdout === process.stdout
    ? createLogger(config.log)
    : createLogger(config.log, ctx.io.stdout);
}

function displayUrl(config: LifelineConfig, port: number): string {
  const { host } = config.server;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${config.server.tls ? 'https' : 'http'}://${shown}:${port}`;
}
