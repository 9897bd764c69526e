import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { JobDefinition } from '../../../kernel/scheduler/types.js';
import type { SentinelConfig } from '../config.js';
import type { SentinelFactory, SentinelResponders } from './engine-link.js';
import { sentinelRoutes } from './routes.js';
import { SentinelService, type SentinelServiceDeps } from './service.js';
import { sentinelStores } from './stores.js';

export interface SentinelPlatformDeps {
  config: SentinelConfig;
  database: Database;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Stand-ins for tests: a sentinel without kernel watches, actions without signals. */
  createSentinel?: SentinelFactory;
  responders?: SentinelResponders;
  observer?: NonNullable<SentinelServiceDeps['observer']>;
}

export type SentinelPlatform = ReturnType<typeof sentinelPlatform>;

const SYSTEM = { actor: 'system:sentinel', sourceIp: null };

/** The sentinel inside a running platform: its stores, service, API and schedules. */
export function sentinelPlatform(deps: SentinelPlatformDeps) {
  const stores = sentinelStores(deps.database.db);
  const service = new SentinelService({ ...deps, stores });

  /**
   * Each configured share, and each one watched without configuration (the demo's), with its stored
   * coverage; a share never started shows as not watched.
   */
  const shares = async () => {
    const stored = new Map((await stores.shares.list()).map((share) => [share.path, share]));
    const canaries = await stores.shares.canaries();
    const watching = new Set(service.watching());
    const now = deps.clock.now().toISOString();
    // A live lease: some process, maybe on another node, watches the share now.
    const leases = new Map(
      (await stores.leases.list()).filter((l) => l.expiresAt > now).map((lease) => [lease.share, lease]),
    );
    const added = new Map(service.addedShares().map((share) => [share.path, share]));
    const paths = [
      ...new Set([
        ...deps.config.shares.map((s) => s.path),
        ...added.keys(),
        ...stored.keys(),
        ...leases.keys(),
      ]),
    ].sort();
    return paths.map((path) => {
      const configured = deps.config.shares.find((s) => s.path === path);
      return {
        path,
        configured: configured !== undefined,
        actions: [...(configured?.actions ?? added.get(path)?.actions ?? [])],
        watching: watching.has(path) || leases.has(path),
        watchedBy: leases.get(path) ?? null,
        status: stored.get(path) ?? null,
        canaries: canaries.filter((c) => c.share === path).length,
      };
    });
  };

  const overview = async () => ({
    mode: deps.config.mode,
    shares: await shares(),
    openDetections: await stores.detections.countOpen(),
  });

  const scheduled: JobDefinition[] = [
    {
      name: 'sentinel.canaries.verify',
      cron: deps.config.canaries.verify,
      run: async () => void (await service.verifyCanaries()),
    },
    {
      name: 'sentinel.canaries.renew',
      cron: deps.config.canaries.renew,
      // A process that watches nothing has nothing to renew; the serving one does it.
      run: async () => {
        if (service.watching().length > 0) await service.renewCanaries(SYSTEM);
      },
    },
  ];

  const platform = {
    config: deps.config,
    stores,
    service,
    shares,
    overview,
    scheduled,
    routes: undefined as unknown as FastifyPluginAsync,
    start: () => service.start(),
    close: () => service.close(),
  };
  platform.routes = sentinelRoutes(platform);
  return platform;
}
