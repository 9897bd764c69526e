import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { sentinelConfigSchema } from '../config.js';
import { SentinelService } from './service.js';
import { type StandInSentinel, standInFactory, standInResponders } from './sentinel.testkit.js';
import { sentinelStores } from './stores.js';

/**
 * What the service does with a share once it is watched: fingerprinting goes on after start,
 * coverage lost later is recorded and alerted, and canaries are never left broken.
 */

const WARD = '/srv/shares/ward';
const LAB = '/srv/shares/lab';
const PATIENT_FOLDER = `${WARD}/Jansen, Maria 1957-03-02`;

let test: TestApp;
let service: SentinelService;
const lines: string[] = [];
const health: HealthAlertData[] = [];
const stand = standInFactory({
  holdBaseline: true,
  // Each share waits, inside its start, for the other to begin starting: only a concurrent start ends.
  duringStart: async (sentinel) => {
    started.add(sentinel.share);
    for (let i = 0; i < 100 && started.size < 2; i++) await new Promise((r) => setTimeout(r, 10));
    startedWithOther.set(sentinel.share, started.size === 2);
  },
});
const started = new Set<string>();
const startedWithOther = new Map<string, boolean>();
const sentinelOf = (share: string): StandInSentinel => stand.sentinels.get(share)!;

beforeAll(async () => {
  test = await createTestApp();
  await test.services.bus.subscribe({ durable: 't-cov-health', types: [HEALTH_ALERT_EVENT] }, async (e) => {
    health.push(e.data as HealthAlertData);
  });
  service = new SentinelService({
    ...test.services,
    config: sentinelConfigSchema.parse({ shares: [{ path: WARD }, { path: LAB }] }),
    stores: sentinelStores(test.services.database.db),
    logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
    createSentinel: stand.factory,
    responders: standInResponders(),
  });
  await service.start();
});

afterAll(async () => {
  await service.close();
  await test.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

const stores = () => sentinelStores(test.services.database.db);

describe('a watched share over time', () => {
  it('starts the shares together and is done before their files are fingerprinted', async () => {
    expect(startedWithOther.get(WARD)).toBe(true);
    expect(startedWithOther.get(LAB)).toBe(true);
    expect(service.watching().sort()).toEqual([LAB, WARD]);
    expect(await stores().shares.get(WARD)).toMatchObject({ complete: true, baselineAt: null });
    sentinelOf(WARD).finishBaseline();
    for (let i = 0; i < 200 && !(await stores().shares.get(WARD))?.baselineAt; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await stores().shares.get(WARD))?.baselineAt).toEqual(expect.any(String));
    expect((await stores().shares.get(LAB))?.baselineAt).toBeNull();
  });

  it('records a folder it could not watch as incomplete coverage, alerts, and logs no folder name', async () => {
    sentinelOf(WARD).problem(`unwatched: ${PATIENT_FOLDER} could not be watched`, 'unwatched');
    await service.settled();
    expect(await stores().shares.get(WARD)).toMatchObject({
      complete: false,
      problem: expect.stringContaining('could not be watched'),
    });
    await until(() => health.some((h) => h.ruleId === 'lifeline-sentinel-coverage-incomplete'));
    const alert = health.find((h) => h.ruleId === 'lifeline-sentinel-coverage-incomplete')!;
    expect(alert.fields.share).toBe(WARD);
    expect(JSON.stringify(alert)).not.toContain('Jansen');
    const logged = lines.filter((line) => line.includes('sentinel coverage problem'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ share: WARD, kind: 'unwatched' });
    expect(lines.join('\n')).not.toContain('Jansen');
  });

  it('checks the canaries at once when events were lost, replaces a changed one, records and alerts', async () => {
    const lab = sentinelOf(LAB);
    lab.tampered = 'changed';
    const renewalsBefore = lab.renewals;
    lab.problem('overflow: the kernel queue overflowed', 'overflow');
    await service.settled();
    expect(lab.renewals).toBe(renewalsBefore + 1);
    expect(lab.tampered).toBeNull();
    expect(await stores().shares.get(LAB)).toMatchObject({
      eventsLostAt: expect.any(String),
      canariesVerifiedAt: expect.any(String),
    });
    await until(() => health.some((h) => h.ruleId === 'lifeline-sentinel-events-lost'));
    expect(health.find((h) => h.ruleId === 'lifeline-sentinel-events-lost')?.fields).toMatchObject({
      share: LAB,
      canaries: 1,
    });
    expect(
      health.some((h) => h.ruleId === 'lifeline-sentinel-canary-changed' && h.fields.share === LAB),
    ).toBe(true);
    const lost = await test.services.audit.list({ action: 'sentinel.share.events-lost' });
    expect(lost).toMatchObject([{ target: LAB, outcome: 'failure' }]);
  });

  it('on the scheduled check, replaces a missing canary and places canaries in new top-level folders', async () => {
    const ward = sentinelOf(WARD);
    ward.tampered = 'missing';
    ward.newFolders = [`${WARD}/Cardiology`];
    const placementsBefore = ward.placements;
    const checked = await service.verifyCanaries();
    expect(checked).toEqual(expect.arrayContaining([{ share: WARD, problems: 1 }]));
    expect(ward.tampered).toBeNull();
    expect(ward.placements).toBe(placementsBefore + 1);
    const stored = (await stores().shares.canaries(WARD)).map((c) => c.directory);
    expect(stored).toContain(`${WARD}/Cardiology`);
    const renewals = await test.services.audit.list({ action: 'sentinel.canaries.renew', target: WARD });
    expect(renewals[0]).toMatchObject({
      actor: 'system:sentinel',
      outcome: 'success',
      details: { replaced: 1 },
    });
    // Fixed now: the next check finds nothing.
    expect(await service.verifyCanaries()).toEqual(expect.arrayContaining([{ share: WARD, problems: 0 }]));
  });
});
