import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { SECURITY_ALERT_EVENT, type SecurityAlertData } from '../../../kernel/bus/security.js';
import { type SignedIn, call, problemCode, seedUser, signIn } from '../../../server/http.testkit.js';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import type { DetectionRecord, DetectionSummary } from './detection-store.js';
import type { SentinelPlatform } from './mount.js';
import { WRITER_STOPPED_EVENT, type WriterStoppedData } from './reports.js';
import { WRITER_START_TICKS, detectionOn, standInFactory, standInResponders } from './sentinel.testkit.js';

const SHARE = '/srv/shares/radiology';
const PARTIAL = '/srv/shares/partial-archive';

let test: TestApp;
let sentinel: SentinelPlatform;
let admin: SignedIn;
let commander: SignedIn;
let auditor: SignedIn;
let clinician: SignedIn;
const stand = standInFactory();
const responders = standInResponders();
const health: HealthAlertData[] = [];
const security: SecurityAlertData[] = [];
const stopped: WriterStoppedData[] = [];

beforeAll(async () => {
  test = await createTestApp({
    config: { sentinel: { shares: [{ path: SHARE }, { path: PARTIAL, actions: ['suspend', 'kill'] }] } },
    modules: [
      sentinelModule({
        createSentinel: stand.factory,
        responders,
        expose: (platform) => (sentinel = platform),
      }),
    ],
  });
  const bus = test.services.bus;
  await bus.subscribe({ durable: 't-health', types: [HEALTH_ALERT_EVENT] }, async (e) => {
    health.push(e.data as HealthAlertData);
  });
  await bus.subscribe({ durable: 't-security', types: [SECURITY_ALERT_EVENT] }, async (e) => {
    security.push(e.data as SecurityAlertData);
  });
  await bus.subscribe({ durable: 't-stopped', types: [WRITER_STOPPED_EVENT] }, async (e) => {
    stopped.push(e.data as WriterStoppedData);
  });
  await test.platform.startModules();
  await seedUser(test.services, 'admin', 'admin');
  await seedUser(test.services, 'ic', 'incident-commander');
  await seedUser(test.services, 'auditor', 'auditor');
  await seedUser(test.services, 'nurse', 'clinician');
  admin = await signIn(test.app, 'admin');
  commander = await signIn(test.app, 'ic');
  auditor = await signIn(test.app, 'auditor');
  clinician = await signIn(test.app, 'nurse');
});

afterAll(async () => {
  await test.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('sentinel in the platform', () => {
  it('shows a fully watched share as watched and an incompletely watched one with its problem', async () => {
    const response = await call(test.app, 'GET', '/api/sentinel/shares', { as: auditor });
    expect(response.statusCode).toBe(200);
    const { shares } = response.json<{ shares: Array<Record<string, any>> }>();
    const whole = shares.find((s) => s.path === SHARE);
    const partial = shares.find((s) => s.path === PARTIAL);
    expect(whole).toMatchObject({ watching: true, canaries: 2, status: { complete: true, mode: 'inotify' } });
    expect(partial).toMatchObject({ watching: false, status: { complete: false } });
    expect(partial?.status.problem).toContain('max_user_watches');
    await until(() => health.some((h) => h.fields.share === PARTIAL));
    expect(health.find((h) => h.fields.share === PARTIAL)?.ruleId).toBe(
      'lifeline-sentinel-coverage-incomplete',
    );
    expect(health.some((h) => h.fields.share === SHARE)).toBe(false);
  });

  it('lists the canaries it placed', async () => {
    const response = await call(test.app, 'GET', '/api/sentinel/canaries', { as: commander });
    const { canaries } = response.json<{ canaries: Array<{ share: string; position: string }> }>();
    expect(canaries.filter((c) => c.share === SHARE).map((c) => c.position)).toEqual(['first', 'last']);
  });

  // Every route, by a role that lacks its permission and without a session.
  const routes: Array<[method: 'GET' | 'POST', url: string, lacking: () => SignedIn, body?: object]> = [
    ['GET', '/api/sentinel/status', () => clinician],
    ['GET', '/api/sentinel/shares', () => clinician],
    ['GET', '/api/sentinel/canaries', () => clinician],
    ['GET', '/api/sentinel/detections', () => clinician],
    ['GET', '/api/sentinel/detections/x', () => clinician],
    ['POST', '/api/sentinel/detections/x/release', () => auditor],
    ['POST', '/api/sentinel/detections/x/kill', () => auditor],
    ['POST', '/api/sentinel/detections/x/resolve', () => auditor],
    ['POST', '/api/sentinel/shares/writable', () => auditor, { path: SHARE }],
    ['POST', '/api/sentinel/canaries/renew', () => commander],
  ];
  it.each(routes)(
    'refuses %s %s to a role without its permission and without a session',
    async (method, url, lacking, body) => {
      const forbidden = await call(test.app, method, url, { as: lacking(), ...(body ? { body } : {}) });
      expect(forbidden.statusCode).toBe(403);
      expect(problemCode(forbidden)).toBe('AUTH_FORBIDDEN');
      const anonymous = await call(test.app, method, url, body ? { body } : {});
      expect(anonymous.statusCode).toBe(401);
    },
  );

  it('stores a detection, audits it with its files, publishes it and raises a critical tagged alert', async () => {
    await stand.sentinels.get(SHARE)!.detect(detectionOn(SHARE, 'det-1'));
    // A redelivery of the same detection changes nothing.
    await stand.sentinels.get(SHARE)!.detect(detectionOn(SHARE, 'det-1'));
    const list = await call(test.app, 'GET', '/api/sentinel/detections', { as: auditor });
    const { detections } = list.json<{ detections: DetectionSummary[] }>();
    expect(detections.filter((d) => d.id === 'det-1')).toHaveLength(1);
    expect(detections[0]).toMatchObject({ status: 'stopped', signalCount: 2, filesTotal: 2 });
    const detail = await call(test.app, 'GET', '/api/sentinel/detections/det-1', { as: auditor });
    const { detection } = detail.json<{ detection: DetectionRecord }>();
    expect(detection.writer).toMatchObject({ pid: 4242, executable: '/usr/bin/python3', user: 'alice' });
    expect(detection.files).toContain(`${SHARE}/a.pdf`);

    const records = await test.services.audit.list({ action: 'sentinel.detection.raised' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ target: 'det-1', outcome: 'success', actor: 'system:sentinel' });
    expect(records[0]!.details.files).toEqual([`${SHARE}/a.pdf`, `${SHARE}/!0000-budget.docx`]);

    await until(() => security.length === 1 && stopped.length === 1);
    expect(security[0]).toMatchObject({
      level: 'critical',
      module: 'sentinel',
      tags: ['attack.impact', 'attack.t1486'],
    });
    expect(stopped[0]).toMatchObject({ detectionId: 'det-1', pid: 4242, stopped: true });
  });

  it('releases a stopped writer once, audits it, and lets the engine forget it', async () => {
    const released = await call(test.app, 'POST', '/api/sentinel/detections/det-1/release', {
      as: commander,
    });
    expect(released.statusCode).toBe(200);
    expect(released.json<{ detection: DetectionRecord }>().detection).toMatchObject({
      status: 'released',
      resolvedBy: 'ic',
    });
    expect(responders.calls).toContain('resume 4242');
    const again = await call(test.app, 'POST', '/api/sentinel/detections/det-1/kill', { as: admin });
    expect(again.statusCode).toBe(409);
    expect(problemCode(again)).toBe('SENTINEL_DETECTION_CLOSED');
    const records = await test.services.audit.list({ action: 'sentinel.writer.release' });
    expect(records).toMatchObject([{ actor: 'ic', target: 'det-1', outcome: 'success' }]);
    await until(() => stand.sentinels.get(SHARE)!.forgotten.includes('det-1'));
  });

  it('kills a stopped writer and answers 404 for an unknown detection', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'det-2', {
        writer: { pid: 77, startTicks: WRITER_START_TICKS, executable: null, commandLine: null, user: null },
      }),
    );
    const killed = await call(test.app, 'POST', '/api/sentinel/detections/det-2/kill', { as: admin });
    expect(killed.json<{ detection: DetectionRecord }>().detection.status).toBe('killed');
    expect(responders.calls).toContain('kill 77');
    const missing = await call(test.app, 'POST', '/api/sentinel/detections/nope/release', { as: admin });
    expect(missing.statusCode).toBe(404);
    expect(problemCode(missing)).toBe('SENTINEL_DETECTION_NOT_FOUND');
  });

  it('makes a configured share writable and refuses one it does not know, auditing both', async () => {
    const ok = await call(test.app, 'POST', '/api/sentinel/shares/writable', {
      as: commander,
      body: { path: SHARE },
    });
    expect(ok.statusCode).toBe(200);
    expect(responders.calls).toContain(`writable ${SHARE}`);
    const unknown = await call(test.app, 'POST', '/api/sentinel/shares/writable', {
      as: commander,
      body: { path: '/etc' },
    });
    expect(problemCode(unknown)).toBe('SENTINEL_SHARE_UNKNOWN');
    const records = await test.services.audit.list({ action: 'sentinel.share.writable' });
    expect(records).toHaveLength(2);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: SHARE, outcome: 'success', actor: 'ic' }),
        expect.objectContaining({
          target: '/etc',
          outcome: 'failure',
          actor: 'ic',
          details: expect.objectContaining({ refused: 'SENTINEL_SHARE_UNKNOWN' }),
        }),
      ]),
    );
  });

  it('renews canaries for an admin and records when', async () => {
    const renewed = await call(test.app, 'POST', '/api/sentinel/canaries/renew', { as: admin });
    expect(renewed.json()).toEqual({ renewed: [{ share: SHARE, canaries: 2 }] });
    const status = await call(test.app, 'GET', '/api/sentinel/status', { as: admin });
    const share = status
      .json<{ shares: Array<{ path: string; status: { canariesRenewedAt: string | null } }> }>()
      .shares.find((s) => s.path === SHARE);
    expect(share?.status.canariesRenewedAt).not.toBeNull();
    const records = await test.services.audit.list({ action: 'sentinel.canaries.renew' });
    expect(records[0]).toMatchObject({ actor: 'admin', target: SHARE, outcome: 'success' });
  });
});
