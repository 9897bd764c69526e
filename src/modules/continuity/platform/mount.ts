import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { JobDefinition } from '../../../kernel/scheduler/types.js';
import type { ContinuityConfig, FhirSourceConfig } from '../config.js';
import { DeviceService, type Who } from '../devices/device-service.js';
import { renderKitHtml } from '../kit/index.js';
import { KitBuilder } from '../kits/builder.js';
import { DeltaTrigger } from '../kits/delta-trigger.js';
import { KeyRing, readPassphrase } from '../kits/key-ring.js';
import { passphraseFileName, scopeFileName, scopeFromKey } from '../kits/scope.js';
import { ReconcileService } from '../reconcile/index.js';
import { ContinuityService } from '../service.js';
import type { KitScope } from '../types.js';
import { adtListener } from './adt-listener.js';
import { demoPresent, prepareDemo, startDemoEhr, type DemoEhr } from './demo.js';
import { continuityRoutes } from './routes.js';
import { continuityStores, type ContinuityStores } from './stores.js';
import { viewerScript } from './viewer-script.js';

export interface ContinuityPlatformDeps {
  config: ContinuityConfig;
  database: Database;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Dropped passphrase files and the demo's files: the configured dataDir, else beside the database. */
  dataDir: string;
  /** The viewer inlined into kit files; the built one (dist/viewer) unless given. */
  viewerScript?: () => Promise<string>;
}

/** Asks the module to enter or leave downtime mode; the response module's playbooks publish it. */
export const DOWNTIME_REQUESTED_EVENT = 'continuity.downtime.requested';

const SYSTEM: Who = { actor: 'system:continuity', sourceIp: null };

export type ContinuityPlatform = ReturnType<typeof continuityPlatform>;

/** The continuity module inside a running platform: services, API, schedules and the ADT listener. */
export function continuityPlatform(deps: ContinuityPlatformDeps) {
  const { config } = deps;
  const dir = config.dataDir ?? deps.dataDir;
  const stores: ContinuityStores = continuityStores(deps.database.db);
  const keys = new KeyRing(deps.database.db, config.kits.signingKeyFile);
  const passphraseFiles = new Map<string, string>(
    config.units.map((unit) => [`unit:${unit.name}`, unit.passphraseFile]),
  );
  if (config.site) passphraseFiles.set('site', config.site.passphraseFile);
  // A scope's passphrase file: as configured, else <dataDir>/passphrases/unit-<name>.pass or site.pass
  // (how the demo hospital and operators without a configuration file give units their passphrases).
  const passphrase = async (scope: KitScope): Promise<string | undefined> => {
    const configured = passphraseFiles.get(scope.kind === 'unit' ? `unit:${scope.unit}` : 'site');
    if (configured !== undefined) return readPassphrase(configured);
    const dropped = join(dir, 'passphrases', passphraseFileName(scope));
    return existsSync(dropped) ? readPassphrase(dropped) : undefined;
  };
  const builder: KitBuilder = new KitBuilder({
    ...stores,
    keys,
    clock: deps.clock,
    hospital: config.hospital,
    iterations: config.kits.iterations,
    keep: config.kits.keep,
    passphrase,
    // Late-bound: the service below knows the sources added at run time too.
    dataAsOf: async (): Promise<string | null> => freshestCompleteSync(stores, service.sources()),
    refresh: async (unit: string | null): Promise<void> => service.refreshInpatients(unit),
  });
  const deltas = new DeltaTrigger(async (unit) => {
    await service.buildKit({ kind: 'unit', unit }, 'delta', SYSTEM);
  });
  const service: ContinuityService = new ContinuityService({
    ...deps,
    db: deps.database.db,
    stores,
    builder,
    passphraseDir: join(dir, 'passphrases'),
    onCensusChange: (units) => deltas.touch(units),
  });
  const reconcile = new ReconcileService({
    db: deps.database.db,
    mirror: stores.mirror,
    census: stores.census,
    trust: () => keys.documentationTrust(deps.clock.now()),
    audit: deps.audit,
    clock: deps.clock,
    sources: () => service.sources(),
    heldInScope: (scopeKey, patientId) => stores.kits.held(scopeKey, patientId),
  });
  const devices = new DeviceService({
    ...stores,
    audit: deps.audit,
    bus: deps.bus,
    clock: deps.clock,
    staleAfterMinutes: config.devices.staleAfterMinutes,
    onRevoked: async (device) => keys.retireDocumentationKey(device.scopeKey, deps.clock.now().toISOString()),
  });

  /**
   * Registers a device and builds its scope a full kit at once: the chain a device pulls must hold a
   * key for it, and the kits built before it was registered do not.
   */
  const registerDevice = async (input: { deviceId: string; name: string; scopeKey: string }, who: Who) => {
    const registered = await devices.register(input, who);
    await service
      .buildKit(scopeFromKey(input.scopeKey, config.hospital), 'full', SYSTEM)
      .catch((err: unknown) =>
        deps.logger.warn(
          { code: isLifelineError(err) ? err.code : 'INTERNAL' },
          'no kit built for the new device',
        ),
      );
    return registered;
  };

  /** The newest chain of a scope as one HTML file; each hand-out is audited. */
  const kitFile = async (key: string, who: Who, deviceId?: string) => {
    const scope = scopeFromKey(key, config.hospital);
    const { kits, envelopes } = await builder.chainEnvelopes(key);
    const newest = kits.at(-1);
    if (!newest) throw new LifelineError('CONTINUITY_NO_KIT', undefined, { scope: key });
    const signer = await keys.kitSigner();
    const html = renderKitHtml({
      envelopes,
      viewerScript: await (deps.viewerScript ?? viewerScript)(),
      title: `${config.hospital} — ${scope.kind === 'unit' ? scope.unit : 'site'} downtime kit`,
      signer: { keyId: signer.keyId, publicKey: signer.publicKey },
    });
    await deps.audit.append({
      actor: who.actor,
      action: 'continuity.kit.download',
      target: newest.kitId,
      outcome: 'success',
      details: { scope: key, ...(deviceId ? { device: deviceId } : {}) },
      sourceIp: who.sourceIp,
    });
    return {
      html,
      kitId: newest.kitId,
      dataAsOf: newest.dataAsOf,
      builtAt: newest.builtAt,
      fileName: scopeFileName(scope),
    };
  };

  const overview = async () => ({
    hospital: config.hospital,
    downtime: await stores.settings.downtime(),
    sources: await Promise.all(
      service.sources().map(async (source) => ({
        id: source.id,
        mode: source.mode,
        baseUrl: source.baseUrl,
        status: (await stores.sources.get(source.id)) ?? null,
      })),
    ),
    imports: (await stores.sources.list()).filter(
      (status) => !config.sources.some((s) => s.id === status.sourceId),
    ),
    scopes: await Promise.all(
      (await service.scopes()).map(async (scope) => {
        const key = scope.kind === 'unit' ? `unit:${scope.unit}` : 'site';
        const latest = await stores.kits.latest(key);
        return { scope: key, latest: latest ?? null };
      }),
    ),
    units: await stores.mirror.unitCounts(),
    patients: await stores.mirror.patientCount(),
    devices: await devices.list(),
    signer: await keys.kitSigner().then((signer) => ({ keyId: signer.keyId, publicKey: signer.publicKey })),
  });

  const scheduled: JobDefinition[] = [
    ...config.sources.map((source) => ({
      name: `continuity.source.${source.id}`,
      cron: source.schedule,
      run: async () => {
        await service.syncSource(source.id, SYSTEM);
      },
    })),
    {
      name: 'continuity.kits.full',
      cron: config.kits.fullSchedule,
      run: async () => void (await service.buildAll('full', SYSTEM)),
    },
    {
      name: 'continuity.kits.delta',
      cron: config.kits.deltaSchedule,
      run: async () => void (await service.buildAll('delta', SYSTEM)),
    },
    {
      name: 'continuity.devices.freshness',
      cron: '* * * * *',
      run: async () => void (await devices.checkFreshness()),
    },
  ];

  let subscription: Subscription | undefined;
  let listener: { close(): Promise<void> } | undefined;
  let demoEhr: DemoEhr | undefined;
  const platform = {
    config,
    stores,
    keys,
    builder,
    service,
    devices,
    reconcile,
    registerDevice,
    kitFile,
    overview,
    scheduled,
    routes: undefined as unknown as FastifyPluginAsync,
    async start(): Promise<void> {
      subscription = await deps.bus.subscribe(
        { durable: 'continuity-downtime', types: [DOWNTIME_REQUESTED_EVENT] },
        async (event) => {
          const data = event.data as {
            active?: unknown;
            reason?: unknown;
            incidentId?: unknown;
            by?: unknown;
          };
          if (typeof data.active !== 'boolean') return;
          await service.setDowntime(
            data.active,
            typeof data.reason === 'string' ? data.reason : null,
            { actor: typeof data.by === 'string' ? data.by : 'system:respond', sourceIp: null },
            typeof data.incidentId === 'string' ? data.incidentId : null,
          );
        },
      );
      if (config.mllp.enabled) {
        listener = await adtListener(config.mllp, service, deps.logger, async (path) =>
          readFile(path, 'utf8'),
        );
      }
      if (demoPresent(dir)) demoEhr = await startDemoEhr(dir, service, deps.clock, deps.logger);
    },
    /** The demo hospital: its EHR, unit passphrases, a first sync and the first kits. */
    async demo(): Promise<void> {
      await prepareDemo(dir);
      demoEhr ??= await startDemoEhr(dir, service, deps.clock, deps.logger);
      await service.syncSource(demoEhr.source.id, SYSTEM);
      await service.buildAll('full', SYSTEM);
    },
    async close(): Promise<void> {
      deltas.close();
      try {
        await demoEhr?.close();
        await listener?.close();
      } finally {
        await subscription?.unsubscribe();
      }
    },
  };
  platform.routes = continuityRoutes(platform);
  return platform;
}

/**
 * The kit's "data as of": the oldest of the sources' last successful syncs, since a kit is only as
 * fresh as its stalest source. A failing or running sync never makes it look fresher. A source that
 * never delivered makes it unknown (the builder then uses the newest record's own time).
 */
async function freshestCompleteSync(
  stores: ContinuityStores,
  sources: readonly FhirSourceConfig[],
): Promise<string | null> {
  if (sources.length === 0) return stores.mirror.newestDataAsOf(null);
  let oldest: string | null = null;
  for (const source of sources) {
    const at = (await stores.sources.get(source.id))?.lastSuccessAt ?? null;
    if (at === null) return null;
    if (oldest === null || at < oldest) oldest = at;
  }
  return oldest;
}
