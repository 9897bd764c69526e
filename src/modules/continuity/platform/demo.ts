import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../kernel/log/logger.js';
import type { Clock } from '../../../kernel/clock.js';
import { isLifelineError } from '../../../kernel/errors.js';
import { KIT_RESOURCE_TYPES, type FhirSourceConfig } from '../config.js';
import {
  EhrStore,
  createAdtFeed,
  hospitalLayout,
  loadHospital,
  startEhrDouble,
  type EhrDouble,
} from '../ehr/index.js';
import { buildAdt, MllpClient, type MllpServer } from '../hl7/index.js';
import { passphraseFileName } from '../kits/scope.js';
import type { ContinuityService } from '../service.js';
import { adtListener } from './adt-listener.js';

/** The demo hospital: big enough to feel real, small enough to start in a few seconds. */
const DEMO = { beds: 120, outpatients: 1500, seed: 20260113 };
/** Every demo unit opens with this passphrase; README and the start banner name it. */
export const DEMO_KIT_PASSPHRASE = 'lifeline-demo-kit';
const CLIENT_ID = 'lifeline-demo';
/** How often the demo EHR admits, moves or discharges someone over MLLP. */
const ADT_EVERY_MS = 30_000;

export interface DemoEhr {
  source: FhirSourceConfig;
  close(): Promise<void>;
}

/** True once the demo hospital was created here: later starts bring its EHR back up. */
export function demoPresent(dir: string): boolean {
  return existsSync(join(dir, 'demo-ehr', 'client-key.pem'));
}

/**
 * Creates the demo hospital's files: the EHR client key and a passphrase file per unit (so every unit
 * gets kits without configuration). Idempotent.
 */
export async function prepareDemo(dir: string): Promise<void> {
  const ehrDir = join(dir, 'demo-ehr');
  await mkdir(ehrDir, { recursive: true, mode: 0o700 });
  const keyFile = join(ehrDir, 'client-key.pem');
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const passphrases = join(dir, 'passphrases');
  await mkdir(passphrases, { recursive: true, mode: 0o700 });
  for (const unit of hospitalLayout(DEMO).units) {
    const file = join(passphrases, passphraseFileName({ kind: 'unit', unit: unit.name }));
    if (!existsSync(file)) await writeFile(file, `${DEMO_KIT_PASSPHRASE}\n`, { mode: 0o600 });
  }
}

/**
 * Starts the demo EHR on loopback: a synthetic hospital behind FHIR, Bulk Data and SMART Backend
 * Services, and an ADT feed that sends admissions, transfers and discharges over MLLP to a listener of
 * this platform, the way a hospital's interface engine would.
 */
export async function startDemoEhr(
  dir: string,
  service: ContinuityService,
  clock: Clock,
  logger: Logger,
): Promise<DemoEhr> {
  const keyFile = join(dir, 'demo-ehr', 'client-key.pem');
  const publicKeyJwk = createPublicKey(createPrivateKey(await readFile(keyFile, 'utf8'))).export({
    format: 'jwk',
  });
  const store = new EhrStore({ clock: () => clock.now() });
  loadHospital(store, { ...DEMO, now: clock.now() });
  const ehr: EhrDouble = await startEhrDouble({ store, clients: [{ clientId: CLIENT_ID, publicKeyJwk }] });
  const source: FhirSourceConfig = {
    id: 'demo-ehr',
    baseUrl: ehr.url,
    auth: {
      tokenUrl: ehr.tokenUrl,
      clientId: CLIENT_ID,
      privateKeyFile: keyFile,
      algorithm: 'ES384',
      scope: 'system/*.rs',
    },
    mode: 'bulk',
    types: [...KIT_RESOURCE_TYPES],
    schedule: '* * * * *',
  };
  service.addRuntimeSource(source);
  const listener: MllpServer = await adtListener(
    { enabled: true, host: '127.0.0.1', port: 0, senders: [] },
    service,
    logger,
    async (path) => readFile(path, 'utf8'),
  );
  const client = new MllpClient({ host: '127.0.0.1', port: listener.port });
  const feed = createAdtFeed({ store, clock: () => clock.now(), seed: DEMO.seed, controlIdPrefix: 'demo' });
  const timer = setInterval(() => {
    const step = feed.next();
    if (!step) return;
    const message = buildAdt(step.event, {
      sendingApplication: 'DEMO-EHR',
      sendingFacility: 'LIFELINE-DEMO',
    });
    client.send(message).catch((err: unknown) => {
      logger.warn({ code: isLifelineError(err) ? err.code : 'INTERNAL' }, 'demo ADT message not delivered');
    });
  }, ADT_EVERY_MS);
  timer.unref();
  return {
    source,
    async close() {
      clearInterval(timer);
      await client.close();
      await listener.close();
      await ehr.close();
    },
  };
}
