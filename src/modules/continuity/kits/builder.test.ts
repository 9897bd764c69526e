import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../kernel/clock.js';
import { continuityModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { openKit } from '../kit/index.js';
import type { ContinuityPlatform } from '../platform/mount.js';
import { inpatientBundle } from '../platform/platform.testkit.js';
import type { KitPayload } from '../types.js';

const PASSPHRASE = 'builder-test-passphrase';
const SYSTEM = { actor: 'test', sourceIp: null };
const clock = new ManualClock('2026-11-26T08:00:00.000Z');
let test: TestApp;
let continuity: ContinuityPlatform;
let dir: string;

/** A patient in ICU bed 2 with an active vancomycin order every 8 hours since the import. */
function withOrder() {
  const bundle = inpatientBundle('p1', 'MRN-1', 'Peeters');
  (bundle.entry as unknown[]).push(
    {
      resource: {
        resourceType: 'Encounter',
        id: 'stay',
        status: 'in-progress',
        class: { code: 'IMP' },
        subject: { reference: 'Patient/p1' },
        period: { start: '2026-11-25T08:00:00Z' },
        location: [{ location: { display: 'ICU / 1 / 2' }, status: 'active' }],
      },
    },
    {
      resource: {
        resourceType: 'MedicationRequest',
        id: 'vanco',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p1' },
        authoredOn: '2026-11-26T06:00:00Z',
        medicationCodeableConcept: { text: 'Vancomycin 1 g IV' },
        dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } } }],
      },
    },
  );
  return bundle;
}

async function payloadOf(kitId: string): Promise<KitPayload> {
  const signer = await continuity.keys.kitSigner();
  const envelope = await continuity.stores.kits.envelope(kitId);
  return (await openKit(envelope, { passphrase: PASSPHRASE }, { trustedSigners: [signer] })).payload;
}

async function build(kind: 'full' | 'delta') {
  const outcome = await continuity.service.buildKit({ kind: 'unit', unit: 'ICU' }, kind, SYSTEM);
  if (!('built' in outcome)) throw new Error(`not built: ${outcome.skipped}`);
  return outcome.built;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-builder-'));
  writeFileSync(join(dir, 'icu.pass'), PASSPHRASE);
  test = await createTestApp({
    clock,
    config: {
      continuity: {
        units: [{ name: 'ICU', passphraseFile: join(dir, 'icu.pass') }],
        site: { passphraseFile: join(dir, 'icu.pass') },
        kits: { iterations: 100_000 },
      },
    },
    modules: [
      continuityModule({ viewerScript: async () => '', expose: (platform) => (continuity = platform) }),
    ],
  });
  const bundle = withOrder();
  await continuity.service.importItems(
    'ehr',
    (bundle.entry as { resource: never }[]).map((e) => ({ resource: e.resource })),
    SYSTEM,
  );
});

afterAll(async () => {
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('building kits', () => {
  it('keeps the site kit small: patients not in a bed by name only, without results and vitals', async () => {
    const outpatient = inpatientBundle('p2', 'MRN-2', 'Janssens');
    await continuity.service.importItems(
      'files',
      (outpatient.entry as { resource: never }[]).map((e) => ({ resource: e.resource })),
      SYSTEM,
    );
    const outcome = await continuity.service.buildKit({ kind: 'site', site: 'AZ' }, 'full', SYSTEM);
    if (!('built' in outcome)) throw new Error(`no site kit: ${JSON.stringify(outcome)}`);
    const patients = (await payloadOf(outcome.built.kitId)).patients;
    const walkIn = patients.find((patient) => patient.id === 'p2');
    const inpatient = patients.find((patient) => patient.id === 'p1');
    expect(walkIn?.allergies).toEqual([
      expect.objectContaining({ substance: { text: 'Penicillin' }, criticality: 'high' }),
    ]);
    expect(walkIn?.vitals).toEqual([]);
    expect(inpatient?.vitals.length).toBeGreaterThan(0);
  });

  it('measures the MAR of a full kit from the time it is built, not from the last change', async () => {
    clock.advance(2 * 86_400_000);
    const full = await build('full');
    const mar = (await payloadOf(full.kitId)).patients[0]?.mar ?? [];
    const planned = mar.filter((line) => line.status === 'planned');
    expect(planned.length).toBeGreaterThanOrEqual(2);
    for (const line of planned) expect(Date.parse(line.at)).toBeGreaterThanOrEqual(clock.now().getTime());
  });

  it('counts "data as of" from the last good import, and never from the build time', async () => {
    const imported = (await continuity.stores.sources.get('ehr'))?.lastSuccessAt;
    expect(imported).toBe('2026-11-26T08:00:00.000Z');
    await continuity.stores.sources.finished('ehr', {
      at: clock.now().toISOString(),
      outcome: 'failed',
      message: 'unreachable',
      resources: 0,
      rejections: [],
    });
    clock.advance(60_000);
    // Only the import so far: the newest record's own time.
    expect((await build('full')).dataAsOf).toBe('2026-11-26T07:00:00Z');
    // As a source of the kits, its failing sync leaves the time of its last good one.
    continuity.service.addRuntimeSource({
      id: 'ehr',
      baseUrl: 'http://127.0.0.1:9/fhir',
      mode: 'bulk',
      types: ['Patient'],
      schedule: '* * * * *',
    });
    const full = await build('full');
    expect(full.dataAsOf).toBe(imported);
    expect(full.builtAt).not.toBe(imported);
  });

  it('sends again in a delta what was projected just before its base was built', async () => {
    const base = await build('full');
    // A projection stamped a moment before the base was built, but written after the base read.
    const record = await continuity.stores.mirror.patient('p1');
    await continuity.stores.mirror.putPatients(
      [{ record: { ...record!, codeStatus: 'DNR' }, unit: 'ICU', dataAsOf: null }],
      new Date(Date.parse(base.builtAt) - 1_000).toISOString(),
    );
    clock.advance(60_000);
    const delta = await build('delta');
    expect((await payloadOf(delta.kitId)).patients.map((p) => p.codeStatus)).toEqual(['DNR']);
  });

  it('keeps one chain when a full kit and a delta are built at the same moment', async () => {
    clock.advance(60_000);
    await continuity.stores.mirror.putPatients(
      [{ record: (await continuity.stores.mirror.patient('p1'))!, unit: 'ICU', dataAsOf: null }],
      clock.now().toISOString(),
    );
    const [full, delta] = await Promise.all([build('full'), build('delta').catch(() => null)]);
    clock.advance(60_000);
    await continuity.stores.mirror.putPatients(
      [{ record: (await continuity.stores.mirror.patient('p1'))!, unit: 'ICU', dataAsOf: null }],
      clock.now().toISOString(),
    );
    const next = await build('delta');
    const chain = (await continuity.stores.kits.chain('unit:ICU')).map((kit) => kit.kitId);
    expect(chain[0]).toBe(full.kitId);
    expect(chain.at(-1)).toBe(next.kitId);
    expect(next.baseKitId).toBe(chain.at(-2));
    void delta;
  });
});
