import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../kernel/db/migrate.js';
import type { Role } from '../kernel/config/schema.js';
import type { JobDefinition } from '../kernel/scheduler/types.js';
import {
  CONTINUITY_PERMISSIONS,
  continuityMigrations,
  continuityPlatform,
  type ContinuityPlatform,
  type ContinuityPlatformDeps,
} from '../modules/continuity/index.js';
import {
  SENTINEL_PERMISSIONS,
  sentinelMigrations,
  sentinelDemo,
  sentinelPlatform,
  type SentinelPlatform,
  type SentinelPlatformDeps,
} from '../modules/sentinel/index.js';
import { DETECT_PERMISSIONS, detectMigrations, detectPlatform } from '../modules/detect/index.js';
import { VAULT_PERMISSIONS, seedVaultDemo, vaultMigrations, vaultPlatform } from '../modules/vault/index.js';
import type { Services } from './services.js';

/**
 * How a capability module plugs into the platform: its migrations, the permissions it defines, its
 * routes, and its entry in the console's navigation.
 */
export interface ModuleMount {
  id: string;
  /** Console path of the module's page, e.g. `/vault`. */
  consolePath: string;
  /** Permission needed to see the module in the navigation. */
  permission: string;
  permissions: Record<string, readonly Role[]>;
  migrations: readonly Migration[];
  /** Builds the module inside a running platform, once: its routes and its scheduled jobs. */
  create?: (services: Services) => ModuleRuntime;
}

export interface ModuleRuntime {
  routes?: FastifyPluginAsync;
  scheduled?: JobDefinition[];
  /** Starts what runs beside the HTTP API (listeners, consumers); only a serving process calls it. */
  start?: () => Promise<void>;
  /** Stops what start began and flushes buffers; called once when the platform closes. */
  close?: () => Promise<void>;
  /** Adds the module's share of the demo hospital, after start, on the first start of `lifeline start`. */
  demo?: () => Promise<void>;
}

/** The demo hospital's own files (content/demo), from src/ and dist/ alike. */
const DEMO_CONTENT = fileURLToPath(new URL('../../content/demo', import.meta.url));

/** Beside the SQLite file when there is one, so the demo's files live with the demo's database. */
export function dataDirectory(databaseUrl: string): string {
  return databaseUrl.startsWith('sqlite:')
    ? dirname(resolve(databaseUrl.slice('sqlite:'.length)))
    : resolve('data');
}

/** Kits, keys and the demo's EHR files, unless `continuity.dataDir` says otherwise. */
export function continuityDataDirectory(databaseUrl: string): string {
  return join(dataDirectory(databaseUrl), 'continuity');
}

/**
 * The continuity module. Tests may hand it a stand-in viewer script instead of the built one, and
 * reach the module's services through `expose`.
 */
export function continuityModule(
  options: Pick<Partial<ContinuityPlatformDeps>, 'viewerScript'> & {
    expose?: (platform: ContinuityPlatform) => void;
  } = {},
): ModuleMount {
  const { expose, ...overrides } = options;
  return {
    id: 'continuity',
    consolePath: '/continuity',
    permission: 'continuity.read',
    permissions: CONTINUITY_PERMISSIONS,
    migrations: continuityMigrations,
    create: (services) => {
      const continuity = continuityPlatform({
        ...services,
        ...overrides,
        config: services.config.continuity,
        dataDir: continuityDataDirectory(services.config.database.url),
      });
      expose?.(continuity);
      return {
        routes: continuity.routes,
        scheduled: continuity.scheduled,
        start: () => continuity.start(),
        close: () => continuity.close(),
        demo: () => continuity.demo(),
      };
    },
  };
}

/**
 * The ransomware sentinel. Tests may hand it a stand-in sentinel and stand-in stop actions, and reach
 * the module through `expose`.
 */
export function sentinelModule(
  options: Pick<Partial<SentinelPlatformDeps>, 'createSentinel' | 'responders'> & {
    expose?: (platform: SentinelPlatform) => void;
  } = {},
): ModuleMount {
  const { expose, ...overrides } = options;
  return {
    id: 'sentinel',
    consolePath: '/sentinel',
    permission: 'sentinel.read',
    permissions: SENTINEL_PERMISSIONS,
    migrations: sentinelMigrations,
    create: (services) => {
      const sentinel = sentinelPlatform({ ...services, ...overrides, config: services.config.sentinel });
      expose?.(sentinel);
      // The demo hospital's file share, a simulation target beside the demo's database.
      const demo = sentinelDemo({
        service: sentinel.service,
        config: services.config.sentinel,
        dataDir: dataDirectory(services.config.database.url),
        enabled: services.config.demo.seed,
        logger: services.logger,
      });
      return {
        routes: sentinel.routes,
        scheduled: sentinel.scheduled,
        start: async () => {
          await sentinel.start();
          await demo.resume();
        },
        close: () => sentinel.close(),
        demo: () => demo.create(),
      };
    },
  };
}

/** The capability modules mounted in this build; each new module adds itself here. */
export const MODULES: readonly ModuleMount[] = [
  {
    id: 'vault',
    consolePath: '/vault',
    permission: 'vault.read',
    permissions: VAULT_PERMISSIONS,
    migrations: vaultMigrations,
    create: (services) => {
      const vault = vaultPlatform(services);
      return {
        routes: vault.routes,
        scheduled: vault.scheduled,
        demo: () =>
          seedVaultDemo(vault.jobs, {
            dir: join(dataDirectory(services.config.database.url), 'demo-vault'),
            sources: [DEMO_CONTENT],
            who: { actor: 'system:demo', sourceIp: null },
          }),
      };
    },
  },
  {
    id: 'detect',
    consolePath: '/detect',
    permission: 'detect.read',
    permissions: DETECT_PERMISSIONS,
    migrations: detectMigrations,
    create: (services) => {
      const detect = detectPlatform({
        ...services,
        isAssignable: async (username) => (await services.auth.users.byUsername(username))?.disabled === 0,
      });
      return {
        routes: detect.routes,
        start: () => detect.start(),
        close: () => detect.close(),
        demo: () => detect.detection.seedDemo(),
      };
    },
  },
  continuityModule(),
  sentinelModule(),
];
