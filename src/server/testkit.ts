import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/clock.js';
import { type LifelineConfig, lifelineConfigSchema } from './config.js';
import type { Database } from '../kernel/db/connect.js';
import { silentLogger } from '../kernel/log/logger.js';
import { buildApp } from './app.js';
import type { ModuleMount } from './modules.js';
import { type Platform, openPlatform } from './platform.js';
import type { Services } from './services.js';

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  services: Services;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  database?: Database;
  clock?: Clock;
  config?: Partial<Record<keyof LifelineConfig, unknown>>;
  consoleDir?: string;
  /** The modules to mount instead of all of this build's, e.g. one built with test doubles. */
  modules?: readonly ModuleMount[];
}

/** A full server on a throwaway SQLite file (or the given database), with failed-login delays off. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-app-'));
  const config = lifelineConfigSchema.parse({
    database: { url: `sqlite:${join(dir, 'lifeline.db')}` },
    log: { level: 'silent' },
    ...options.config,
  });
  const platform = await openPlatform(config, {
    logger: silentLogger(),
    failureDelayMs: 0,
    ...(options.database ? { database: options.database } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.modules ? { modules: options.modules } : {}),
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(platform.services, {
      consoleDir: options.consoleDir,
      moduleRoutes: platform.moduleRoutes,
    });
    await app.ready();
  } catch (error) {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    platform,
    services: platform.services,
    async close() {
      await app.close();
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_ADMIN = { username: 'admin', password: 'correct-horse-battery-42' };

/** A listening server with the built console and one administrator, for end-to-end tests. */
export async function startTestServer(options: { consoleDir?: string } = {}): Promise<{
  url: string;
  admin: { username: string; password: string };
  services: Services;
  close(): Promise<void>;
}> {
  const test = await createTestApp({ consoleDir: options.consoleDir ?? resolve('web/dist') });
  await test.services.users.create(
    {
      username: TEST_ADMIN.username,
      displayName: 'Test Administrator',
      role: 'admin',
      password: TEST_ADMIN.password,
    },
    { actor: 'system', sourceIp: null },
  );
  // A serving process starts the modules' background work (rule loading, ingest consumers) too.
  await test.platform.startModules();
  const address = await test.app.listen({ host: '127.0.0.1', port: 0 });
  return { url: address, admin: { ...TEST_ADMIN }, services: test.services, close: test.close };
}
