import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { ManualClock } from '../../../kernel/clock.js';
import { type SignedIn, call, seedUser, signIn } from '../../../server/http.testkit.js';
import { continuityModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { syncDevice } from '../devices/device-sync.js';
import { ackCodeOf, buildAdt, sendMllp } from '../hl7/index.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import { adtListener } from './adt-listener.js';
import { extractEnvelopes, openKit, readSigner } from '../kit/index.js';
import type { KitPayload } from '../types.js';
import type { ContinuityPlatform } from './mount.js';
import { adt, inpatientBundle } from './platform.testkit.js';

const PASSPHRASE = 'ward-icu-downtime-2026';
const VIEWER = '/* viewer stand-in */ void 0;';

let test: TestApp;
let continuity: ContinuityPlatform;
let admin: SignedIn;
let clinician: SignedIn;
let auditor: SignedIn;
let dir: string;
const clock = new ManualClock('2026-11-26T08:00:00.000Z');
const healthReports: HealthAlertData[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-continuity-'));
  writeFileSync(join(dir, 'icu.pass'), `${PASSPHRASE}\n`);
  test = await createTestApp({
    clock,
    config: {
      continuity: {
        units: [{ name: 'ICU', passphraseFile: join(dir, 'icu.pass') }],
        kits: { iterations: 100_000 },
      },
    },
    modules: [
      continuityModule({ viewerScript: async () => VIEWER, expose: (platform) => (continuity = platform) }),
    ],
  });
  await seedUser(test.services, 'admin', 'admin');
  await seedUser(test.services, 'nurse', 'clinician');
  await seedUser(test.services, 'auditor', 'auditor');
  await test.services.bus.subscribe(
    { durable: 'continuity-test', types: [HEALTH_ALERT_EVENT] },
    async (event) => {
      healthReports.push(event.data as HealthAlertData);
    },
  );
  admin = await signIn(test.app, 'admin');
  clinician = await signIn(test.app, 'nurse');
  auditor = await signIn(test.app, 'auditor');
});

afterAll(async () => {
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openDownloaded(as: SignedIn): Promise<KitPayload[]> {
  const response = await call(test.app, 'GET', '/api/continuity/kits/unit:ICU/file', { as });
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  const signer = readSigner(response.body);
  const opened = [];
  for (const envelope of extractEnvelopes(response.body)) {
    opened.push((await openKit(envelope, { passphrase: PASSPHRASE }, { trustedSigners: [signer] })).payload);
  }
  return opened;
}

describe('continuity in the platform', () => {
  it('imports a FHIR bundle for an admin and refuses a clinician', async () => {
    const refused = await call(test.app, 'POST', '/api/continuity/import', {
      as: clinician,
      body: inpatientBundle('p1', 'MRN-1001', 'Peeters'),
    });
    expect(refused.statusCode).toBe(403);
    const bundle = inpatientBundle('p1', 'MRN-1001', 'Peeters');
    // One malformed resource is rejected with its reason; the rest proceeds.
    (bundle.entry as unknown[]).push({
      resource: { resourceType: 'Observation', id: 'bad', status: 'final' },
    });
    const imported = await call(test.app, 'POST', '/api/continuity/import', { as: admin, body: bundle });
    expect(imported.statusCode).toBe(200);
    const result = imported.json<{ resources: number; rejected: { reason: string }[]; patients: number }>();
    expect(result).toMatchObject({ resources: 4, patients: 1 });
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.reason).toMatch(/code/);
    expect(imported.body).not.toContain('Peeters');
  });

  it('places an admitted patient in the unit and builds a kit only staff with the passphrase can open', async () => {
    expect(await continuity.service.applyAdt(adt('A01', 'MRN-1001', 'c1', '2026-11-26T07:30:00Z', '3'))).toBe(
      true,
    );
    // A resend of the same message changes nothing.
    expect(await continuity.service.applyAdt(adt('A01', 'MRN-1001', 'c1', '2026-11-26T07:30:00Z', '3'))).toBe(
      false,
    );
    const built = await call(test.app, 'POST', '/api/continuity/kits/build', {
      as: admin,
      body: { scope: 'unit:ICU', kind: 'full' },
    });
    expect(built.statusCode).toBe(200);
    expect(built.json()).toMatchObject({
      outcomes: [{ built: { scopeKey: 'unit:ICU', kind: 'full', patients: 1 } }],
    });
    const [payload] = await openDownloaded(clinician);
    expect(payload?.patients).toHaveLength(1);
    expect(payload?.patients[0]).toMatchObject({
      mrn: 'MRN-1001',
      location: { unit: 'ICU', room: '1', bed: '3' },
      allergies: [{ substance: { text: 'Penicillin' }, criticality: 'high' }],
    });
    expect(payload?.units).toEqual([{ name: 'ICU', beds: ['3'] }]);
    expect(
      (await call(test.app, 'GET', '/api/continuity/kits/unit:ICU/file', { as: auditor })).statusCode,
    ).toBe(403);
  });

  it('shows a patient admitted by ADT before the EHR knows them, and names a discharged one in the next delta', async () => {
    clock.advance(60_000);
    await continuity.service.applyAdt({
      ...adt('A01', 'MRN-2002', 'c2', '2026-11-26T08:00:30Z', '4'),
      patient: { mrn: 'MRN-2002', family: 'Janssens', given: 'Jef', birthDate: '1960-01-01', gender: 'male' },
    });
    await continuity.service.applyAdt(adt('A03', 'MRN-1001', 'c3', '2026-11-26T08:00:40Z', null));
    clock.advance(60_000);
    const built = await call(test.app, 'POST', '/api/continuity/kits/build', {
      as: admin,
      body: { scope: 'unit:ICU', kind: 'delta' },
    });
    expect(built.json()).toMatchObject({ outcomes: [{ built: { kind: 'delta' } }] });
    const [full, delta] = await openDownloaded(clinician);
    expect(full?.kind).toBe('full');
    expect(delta).toMatchObject({ kind: 'delta', baseKitId: full?.kitId, removedPatientIds: ['p1'] });
    expect(delta?.patients.map((p) => p.mrn)).toEqual(['MRN-2002']);
    // Nothing changed since: no empty delta is made.
    const again = await call(test.app, 'POST', '/api/continuity/kits/build', {
      as: admin,
      body: { scope: 'unit:ICU', kind: 'delta' },
    });
    expect(again.json()).toEqual({ outcomes: [{ skipped: 'no-change' }] });
  });

  it('freezes kit building in downtime mode, switched by an incident commander role only', async () => {
    const refused = await call(test.app, 'PUT', '/api/continuity/downtime', {
      as: clinician,
      body: { active: true, reason: 'ransomware' },
    });
    expect(refused.statusCode).toBe(403);
    const on = await call(test.app, 'PUT', '/api/continuity/downtime', {
      as: admin,
      body: { active: true, reason: 'ransomware' },
    });
    expect(on.json()).toMatchObject({ downtime: { active: true, by: 'admin', reason: 'ransomware' } });
    await continuity.service.applyAdt(adt('A01', 'MRN-3003', 'c4', '2026-11-26T08:03:00Z', '5'));
    const built = await call(test.app, 'POST', '/api/continuity/kits/build', {
      as: admin,
      body: { kind: 'delta' },
    });
    expect(built.json()).toEqual({ outcomes: [{ skipped: 'downtime' }] });
    const audit = await call(test.app, 'GET', '/api/audit?action=continuity.downtime.start', { as: admin });
    expect(audit.body).toContain('continuity.downtime.start');
    await call(test.app, 'PUT', '/api/continuity/downtime', { as: admin, body: { active: false } });
  });

  it('registers a device, hands it kits it opens with its own key, tracks its freshness and revokes it', async () => {
    const registered = await call(test.app, 'POST', '/api/continuity/devices', {
      as: admin,
      body: { deviceId: 'icu-laptop-1', name: 'ICU laptop 1', scope: 'unit:ICU' },
    });
    expect(registered.statusCode).toBe(201);
    const keyFile = JSON.parse(registered.json<{ keyFile: string }>().keyFile) as {
      deviceId: string;
      key: string;
    };
    clock.advance(60_000);
    await call(test.app, 'POST', '/api/continuity/kits/build', {
      as: admin,
      body: { scope: 'unit:ICU', kind: 'full' },
    });

    const token = await call(test.app, 'POST', '/api/tokens', {
      as: admin,
      body: { name: 'icu-laptop-1', scopes: ['continuity.device.sync'] },
    });
    const secret = token.json<{ secret: string }>().secret;
    const pulled = await test.app.inject({
      method: 'GET',
      url: '/api/continuity/devices/icu-laptop-1/kit',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(pulled.statusCode).toBe(200);
    const { html, kitId } = pulled.json<{ html: string; kitId: string }>();
    const [envelope] = extractEnvelopes(html);
    const opened = await openKit(envelope!, { deviceKey: keyFile }, { trustedSigners: [readSigner(html)] });
    expect(opened.payload.kitId).toBe(kitId);
    expect(opened.payload.patients.map((p) => p.mrn).sort()).toEqual(['MRN-2002', 'MRN-3003']);

    // The device's own pull: the pinned signer must match, the file lands whole, a repeat keeps it.
    const overview = await call(test.app, 'GET', '/api/continuity/overview', { as: admin });
    const signer = overview.json<{ signer: { keyId: string; publicKey: string } }>().signer;
    const viaApp: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const injected = await test.app.inject({
        method: init?.method === 'POST' ? 'POST' : 'GET',
        url: url.pathname,
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
      });
      return new Response(injected.body, { status: injected.statusCode });
    };
    const kitsDir = join(dir, 'device-kits');
    const sync = {
      server: 'http://lifeline.test',
      deviceId: 'icu-laptop-1',
      token: secret,
      dir: kitsDir,
      keep: 3,
    };
    // Handing out a kit is not holding it: freshness waits for the device's acknowledgement.
    const before = await call(test.app, 'GET', '/api/continuity/devices', { as: admin });
    expect(before.json()).toMatchObject({ devices: [{ deviceId: 'icu-laptop-1', lastKitId: null }] });
    const first = await syncDevice({ ...sync, signer, fetch: viaApp });
    expect(first).toMatchObject({ kitId, changed: true });
    expect(extractEnvelopes(readFileSync(first.file, 'utf8')).length).toBeGreaterThan(0);
    expect(await syncDevice({ ...sync, signer, fetch: viaApp })).toMatchObject({ kitId, changed: false });
    const impostor = { keyId: signer.keyId, publicKey: 'A'.repeat(43) };
    await expect(syncDevice({ ...sync, signer: impostor, fetch: viaApp })).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_SIGNER_UNTRUSTED',
    });
    expect(readdirSync(kitsDir)).toEqual([basename(first.file)]);

    const devices = await call(test.app, 'GET', '/api/continuity/devices', { as: auditor });
    expect(devices.json()).toMatchObject({
      devices: [{ deviceId: 'icu-laptop-1', lastKitId: kitId, stale: false }],
    });
    // A token named after another device cannot pull this one's kits.
    const otherToken = await call(test.app, 'POST', '/api/tokens', {
      as: admin,
      body: { name: 'ward-laptop-9', scopes: ['continuity.device.sync'] },
    });
    const foreign = await test.app.inject({
      method: 'GET',
      url: '/api/continuity/devices/icu-laptop-1/kit',
      headers: { authorization: `Bearer ${otherToken.json<{ secret: string }>().secret}` },
    });
    expect(foreign.statusCode).toBe(403);
    // The same token cannot read anything else.
    const other = await test.app.inject({
      method: 'GET',
      url: '/api/continuity/overview',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(other.statusCode).toBe(403);

    clock.advance(31 * 60_000);
    const stale = await continuity.devices.checkFreshness();
    expect(stale.map((device) => device.deviceId)).toEqual(['icu-laptop-1']);
    expect(await continuity.devices.checkFreshness()).toEqual([]);
    // One stale spell, one report for the alert queue.
    await vi.waitFor(() => expect(healthReports).toHaveLength(1));
    expect(healthReports[0]).toMatchObject({
      ruleId: 'lifeline-continuity-device-stale',
      fields: { device: 'icu-laptop-1', scope: 'unit:ICU' },
    });
    // Half an hour passed: the console sessions timed out meanwhile.
    admin = await signIn(test.app, 'admin');
    auditor = await signIn(test.app, 'auditor');
    clinician = await signIn(test.app, 'nurse');

    const keyBefore = opened.payload.documentationKey.keyId;
    await call(test.app, 'POST', '/api/continuity/devices/icu-laptop-1/revoke', { as: admin, body: {} });
    // The lost laptop held the unit's documentation key: the next kit carries a new one, and the old
    // one is trusted only for documentation imported within a week.
    const rebuilt = await continuity.service.buildKit({ kind: 'unit', unit: 'ICU' }, 'full', {
      actor: 'test',
      sourceIp: null,
    });
    if (!('built' in rebuilt)) throw new Error('no kit after the revocation');
    const fresh = await openKit(
      await continuity.stores.kits.envelope(rebuilt.built.kitId),
      { passphrase: PASSPHRASE },
      { trustedSigners: [signer] },
    );
    expect(fresh.payload.documentationKey.keyId).not.toBe(keyBefore);
    const trusted = async (at: Date) =>
      (await continuity.keys.documentationTrust(at)).map((key) => key.keyId);
    expect(await trusted(clock.now())).toEqual(
      expect.arrayContaining([keyBefore, fresh.payload.documentationKey.keyId]),
    );
    expect(await trusted(new Date(clock.now().getTime() + 8 * 86_400_000))).not.toContain(keyBefore);
    // Each trusted key names the unit it was issued to, retired or not.
    const scopes = (await continuity.keys.documentationTrust(clock.now())).map((key) => key.scopeKey);
    expect(new Set(scopes)).toEqual(new Set(['unit:ICU']));
    const revoked = await test.app.inject({
      method: 'GET',
      url: '/api/continuity/devices/icu-laptop-1/kit',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json()).toMatchObject({ code: 'CONTINUITY_DEVICE_REVOKED' });
  });

  it('hands a clinician a transfer pack (IPS document) and refuses an auditor', async () => {
    const refused = await call(test.app, 'POST', '/api/continuity/transfer-packs', {
      as: auditor,
      body: { mrn: 'MRN-1001' },
    });
    expect(refused.statusCode).toBe(403);
    const pack = await call(test.app, 'POST', '/api/continuity/transfer-packs', {
      as: clinician,
      body: { mrn: 'MRN-1001' },
    });
    expect(pack.statusCode).toBe(200);
    const bundle = pack.json<{
      type: string;
      entry: { resource: { resourceType: string; section?: unknown[] } }[];
    }>();
    expect(bundle.type).toBe('document');
    expect(bundle.entry[0]?.resource.resourceType).toBe('Composition');
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(
      expect.arrayContaining(['Patient', 'AllergyIntolerance', 'Condition']),
    );
    const missing = await call(test.app, 'POST', '/api/continuity/transfer-packs', {
      as: clinician,
      body: { mrn: 'MRN-none' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('takes ADT over MLLP only from the accepted sending application', async () => {
    const listener = await adtListener(
      { enabled: true, host: '127.0.0.1', port: 0, senders: ['HIS'] },
      continuity.service,
      silentLogger(),
      async () => '',
    );
    try {
      const admit = (sender: string, controlId: string) =>
        buildAdt(
          {
            ...adt('A01', 'MRN-4004', controlId, '2026-11-26T09:00:00Z', '6'),
            patient: { mrn: 'MRN-4004', family: 'Maes', given: 'Ann', birthDate: null, gender: null },
          },
          { sendingApplication: sender, sendingFacility: 'AZ', controlId },
        );
      const refused = await sendMllp({ host: '127.0.0.1', port: listener.port }, admit('INTRUDER', 'x1'));
      expect(ackCodeOf(refused)).toBe('AR');
      expect(await continuity.stores.census.get('MRN-4004')).toBeUndefined();
      const accepted = await sendMllp({ host: '127.0.0.1', port: listener.port }, admit('HIS', 'h1'));
      expect(ackCodeOf(accepted)).toBe('AA');
      expect((await continuity.stores.census.get('MRN-4004'))?.location).toEqual({
        unit: 'ICU',
        room: '1',
        bed: '6',
      });
    } finally {
      await listener.close();
    }
  });

  it('shows the overview without patient data to a read-only role', async () => {
    const overview = await call(test.app, 'GET', '/api/continuity/overview', { as: auditor });
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({
      downtime: { active: false },
      scopes: [{ scope: 'unit:ICU' }],
      units: [{ unit: 'ICU', patients: 3 }],
    });
    expect(overview.body).not.toMatch(/Peeters|Janssens|MRN-/);
  });
});
