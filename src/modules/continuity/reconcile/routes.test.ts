import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../kernel/clock.js';
import { type SignedIn, call, problemCode, seedUser, signIn } from '../../../server/http.testkit.js';
import { continuityModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import type { TestDouble } from '../ehr/double.testkit.js';
import type { FhirResource } from '../fhir/index.js';
import type { ContinuityPlatform } from '../platform/mount.js';
import { IDS, NOW, documentedEntries, downtimeResources, exported, stateOf } from './reconcile.testkit.js';
import type { ItemView } from './types.js';
import { startEhr } from './world.testkit.js';

const EXPORT_ID = 'e5000000-0000-4000-8000-000000000001';
let test: TestApp;
let ehr: TestDouble;
let continuity: ContinuityPlatform;
let dir: string;
let admin: SignedIn;
let nurse: SignedIn;
let auditor: SignedIn;
let commander: SignedIn;
let bundle: FhirResource;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-reconcile-routes-'));
  const started = await startEhr(dir);
  ehr = started.ehr;
  test = await createTestApp({
    clock: new ManualClock(NOW),
    config: { continuity: { hospital: 'AZ Test', sources: [started.source] } },
    modules: [
      continuityModule({ viewerScript: async () => '', expose: (platform) => (continuity = platform) }),
    ],
  });
  await seedUser(test.services, 'admin', 'admin');
  await seedUser(test.services, 'nurse', 'clinician');
  await seedUser(test.services, 'auditor', 'auditor');
  await seedUser(test.services, 'commander', 'incident-commander');
  admin = await signIn(test.app, 'admin');
  nurse = await signIn(test.app, 'nurse');
  auditor = await signIn(test.app, 'auditor');
  commander = await signIn(test.app, 'commander');
  expect(
    (await call(test.app, 'POST', '/api/continuity/sources/ehr/sync', { as: admin, body: {} })).statusCode,
  ).toBe(200);
  const key = await continuity.keys.documentationKey('unit:ICU', NOW);
  bundle = await exported(stateOf(documentedEntries()), key, EXPORT_ID);
});

afterAll(async () => {
  await test.close();
  await ehr.double.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pending(): Promise<ItemView[]> {
  const response = await call(test.app, 'GET', '/api/continuity/reconcile/items?status=pending', {
    as: nurse,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: ItemView[] }>().items;
}

describe('the reconciliation API', () => {
  it('refuses every route to roles without continuity.reconcile', async () => {
    const routes: ['GET' | 'POST', string, unknown][] = [
      ['POST', '/api/continuity/reconcile/imports', bundle],
      ['GET', '/api/continuity/reconcile/imports', undefined],
      ['GET', '/api/continuity/reconcile/items', undefined],
      ['POST', `/api/continuity/reconcile/items/${IDS.note}/approve`, {}],
      ['POST', `/api/continuity/reconcile/items/${IDS.note}/reject`, { reason: 'no' }],
      ['POST', '/api/continuity/reconcile/post', {}],
    ];
    for (const as of [auditor, commander]) {
      for (const [method, url, body] of routes) {
        const response = await call(test.app, method, url, { as, body });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    expect((await call(test.app, 'GET', '/api/continuity/reconcile/items')).statusCode).toBe(401);
  });

  it('imports a signed export once, refuses a tampered one, and lists the queue', async () => {
    const tampered = structuredClone(bundle) as unknown as { entry: { resource: Record<string, unknown> }[] };
    tampered.entry.find((entry) => entry.resource.resourceType === 'DocumentReference')!.resource.date =
      '2026-11-25T08:00:00.000Z';
    const refused = await call(test.app, 'POST', '/api/continuity/reconcile/imports', {
      as: nurse,
      body: tampered,
    });
    expect(refused.statusCode).toBe(400);
    expect(problemCode(refused)).toBe('CONTINUITY_RECONCILE_SIGNATURE_INVALID');

    const first = await call(test.app, 'POST', '/api/continuity/reconcile/imports', {
      as: nurse,
      body: bundle,
    });
    expect(first.statusCode).toBe(201);
    const created = first.json<{ import: { id: string } }>().import;
    expect(created).toMatchObject({
      exportId: EXPORT_ID,
      importedBy: 'nurse',
      items: 8,
      duplicates: 0,
      openings: 1,
    });
    const again = await call(test.app, 'POST', '/api/continuity/reconcile/imports', {
      as: nurse,
      body: bundle,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ import: { id: created.id, items: 8 } });

    const imports = await call(test.app, 'GET', '/api/continuity/reconcile/imports', { as: nurse });
    expect(imports.json()).toMatchObject({ imports: [{ id: created.id }] });
    expect(await pending()).toHaveLength(8);
    const bad = await call(test.app, 'GET', '/api/continuity/reconcile/items?status=lost', { as: nurse });
    expect(bad.statusCode).toBe(400);
  });

  it("flags documentation about a patient the signing unit's kits never held", async () => {
    const heartRate = (await pending()).find((item) => item.downtimeId === IDS.heartRate)!;
    expect(heartRate.patient.match).toBe('matched');
    expect(heartRate.conflicts).toContainEqual(expect.objectContaining({ field: 'unit' }));
    // Once an ICU kit carried the patient, the same documentation is unremarkable.
    await continuity.stores.kits.add(
      {
        kitId: 'kit-held',
        scopeKey: 'unit:ICU',
        kind: 'full',
        baseKitId: null,
        builtAt: NOW,
        dataAsOf: NOW,
        patients: 1,
        bytes: 1,
        sha256: 'x',
      },
      'sealed',
      [heartRate.patient.patientId!],
    );
    const again = (await pending()).find((item) => item.downtimeId === IDS.heartRate)!;
    expect(again.conflicts).not.toContainEqual(expect.objectContaining({ field: 'unit' }));
  });

  it('reviews and posts to the EHR through the API', async () => {
    const items = await pending();
    const find = (downtimeId: string) => items.find((item) => item.downtimeId === downtimeId)!;
    const url = (item: ItemView, verb: string) => `/api/continuity/reconcile/items/${item.id}/${verb}`;

    const uncertain = await call(test.app, 'POST', url(find(IDS.knownPatient), 'approve'), {
      as: nurse,
      body: {},
    });
    expect(uncertain.statusCode).toBe(409);
    expect(problemCode(uncertain)).toBe('CONTINUITY_RECONCILE_PATIENT_REQUIRED');
    const chosen = await call(test.app, 'POST', url(find(IDS.knownPatient), 'approve'), {
      as: nurse,
      body: { patientId: 'p2' },
    });
    expect(chosen.json()).toMatchObject({ item: { status: 'approved', patient: { patientId: 'p2' } } });

    const noReason = await call(test.app, 'POST', url(find(IDS.bloodPressure), 'reject'), {
      as: nurse,
      body: { reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    const rejected = await call(test.app, 'POST', url(find(IDS.bloodPressure), 'reject'), {
      as: nurse,
      body: { reason: 'Duplicate of the monitor reading' },
    });
    expect(rejected.json()).toMatchObject({ item: { status: 'rejected' } });
    for (const item of await pending()) {
      const approved = await call(test.app, 'POST', url(item, 'approve'), { as: nurse, body: {} });
      expect(approved.statusCode).toBe(200);
    }

    const posted = await call(test.app, 'POST', '/api/continuity/reconcile/post', { as: admin, body: {} });
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toMatchObject({ posted: 7, failed: 0 });
    expect(downtimeResources(ehr.store, 'Patient')).toHaveLength(1);
    expect(downtimeResources(ehr.store, 'Observation')).toHaveLength(2);

    const final = await call(test.app, 'POST', url(find(IDS.note), 'reject'), {
      as: nurse,
      body: { reason: 'late' },
    });
    expect(final.statusCode).toBe(409);
    expect(problemCode(final)).toBe('CONTINUITY_RECONCILE_ITEM_FINAL');
    const audit = await call(test.app, 'GET', '/api/audit?action=continuity.reconcile.post', { as: admin });
    expect(audit.body).toContain(find(IDS.note).id);
    expect(audit.body).not.toMatch(/Peeters|Nieuw|Restless/);
  });
});
