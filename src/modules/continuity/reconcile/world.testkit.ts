import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../kernel/audit/log.js';
import { auditMigrations } from '../../../kernel/audit/migrations.js';
import { InProcessBus } from '../../../kernel/bus/in-process.js';
import { ManualClock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { TestEngine } from '../../../kernel/db/testkit.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import { continuityConfigSchema } from '../config.js';
import { type TestDouble, startTestDouble } from '../ehr/double.testkit.js';
import { KeyRing } from '../kits/key-ring.js';
import { type ContinuityPlatform, continuityPlatform } from '../platform/mount.js';
import { CensusStore } from '../store/census-store.js';
import { MirrorStore } from '../store/mirror-store.js';
import { continuityMigrations } from '../store/migrations.js';
import { ADMIN, NOW, OCCUPANT, seedEhr } from './reconcile.testkit.js';

// The fixtures too, so a test elsewhere (the CLI's) reaches everything through one file.
export {
  ADMIN,
  IDS,
  NOW,
  documentedEntries,
  downtimeResources,
  exported,
  stateOf,
} from './reconcile.testkit.js';
import { ReconcileService } from './service.js';

/**
 * Places to reconcile into: the whole hospital (the EHR double on loopback with SMART backend auth,
 * and the continuity platform mirroring it), or the review queue alone for imports and refusals.
 */

export interface World {
  ehr: TestDouble;
  database: Database;
  audit: AuditLog;
  platform: ContinuityPlatform;
  reconcile: ReconcileService;
  documentationKey: { keyId: string; privateKeyPkcs8: string };
  close(): Promise<void>;
}

/** The EHR double with its client key on disk, as a configured FHIR source would name it. */
export async function startEhr(dir: string): Promise<{ ehr: TestDouble; source: Record<string, unknown> }> {
  const ehr = await startTestDouble();
  seedEhr(ehr.store);
  const keyFile = join(dir, 'ehr-client.pem');
  writeFileSync(keyFile, ehr.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600,
  });
  const source = {
    id: 'ehr',
    baseUrl: ehr.double.url,
    mode: 'search',
    auth: {
      tokenUrl: ehr.double.tokenUrl,
      clientId: 'lifeline',
      privateKeyFile: keyFile,
      algorithm: 'RS384',
    },
  };
  return { ehr, source };
}

export async function openWorld(engine: TestEngine): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-reconcile-'));
  const { ehr, source } = await startEhr(dir);
  const database = await engine.open([...auditMigrations, ...continuityMigrations]);
  const clock = new ManualClock(NOW);
  const audit = new AuditLog(database, clock);
  const config = continuityConfigSchema.parse({ hospital: 'AZ Test', sources: [source] });
  const platform = continuityPlatform({
    config,
    database,
    bus: new InProcessBus(),
    audit,
    clock,
    logger: silentLogger(),
    dataDir: dir,
    viewerScript: async () => '',
  });
  await platform.service.syncSource('ehr', ADMIN);
  await platform.service.applyAdt(OCCUPANT);
  const reconcile = new ReconcileService({
    db: database.db,
    mirror: platform.stores.mirror,
    census: platform.stores.census,
    trust: () => platform.keys.documentationTrust(),
    audit,
    clock,
    sources: () => config.sources,
  });
  const documentationKey = await platform.keys.documentationKey('unit:ICU', NOW);
  return {
    ehr,
    database,
    audit,
    platform,
    reconcile,
    documentationKey,
    async close() {
      try {
        await ehr.double.close();
        await platform.close();
      } finally {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface Queue {
  database: Database;
  audit: AuditLog;
  reconcile: ReconcileService;
  documentationKey: { keyId: string; privateKeyPkcs8: string };
  /** Rows in the reconcile tables: what a refused import must leave untouched. */
  stored(): Promise<number>;
  close(): Promise<void>;
}

/** The review queue alone, over an empty mirror and no EHR: enough to import and refuse. */
export async function openQueue(engine: TestEngine): Promise<Queue> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-reconcile-'));
  const database = await engine.open([...auditMigrations, ...continuityMigrations]);
  const clock = new ManualClock(NOW);
  const audit = new AuditLog(database, clock);
  const keys = new KeyRing(database.db);
  const reconcile = new ReconcileService({
    db: database.db,
    mirror: new MirrorStore(database.db),
    census: new CensusStore(database.db),
    trust: () => keys.documentationTrust(),
    audit,
    clock,
    sources: () => [],
  });
  const count = async (table: string): Promise<number> => {
    const row = (await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  };
  return {
    database,
    audit,
    reconcile,
    documentationKey: await keys.documentationKey('unit:ICU', NOW),
    stored: async () =>
      (await count('continuity_reconcile_imports')) +
      (await count('continuity_reconcile_items')) +
      (await count('continuity_reconcile_openings')),
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
