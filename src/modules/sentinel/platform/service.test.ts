import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { isLifelineError } from '../../../kernel/errors.js';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import type { SentinelPlatform } from './mount.js';
import { detectionOn, standInFactory, standInResponders } from './sentinel.testkit.js';

const TAMPERED = '/srv/shares/tampered-home';
const IC = { actor: 'ic', sourceIp: '10.0.0.5' };

let test: TestApp;
let sentinel: SentinelPlatform;
const health: HealthAlertData[] = [];

beforeAll(async () => {
  test = await createTestApp({
    config: { sentinel: { shares: [{ path: TAMPERED }] } },
    modules: [
      sentinelModule({
        createSentinel: standInFactory().factory,
        responders: standInResponders(false),
        expose: (platform) => (sentinel = platform),
      }),
    ],
  });
  await test.services.bus.subscribe({ durable: 't-health', types: [HEALTH_ALERT_EVENT] }, async (e) => {
    health.push(e.data as HealthAlertData);
  });
  await test.platform.startModules();
});

afterAll(async () => {
  await test.close();
});

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return isLifelineError(error) ? error.code : 'not a LifelineError';
  }
}

describe('the sentinel service when things go wrong', () => {
  it('keeps a writer stopped when releasing it fails, and audits the failure', async () => {
    await sentinel.service.recordDetection(detectionOn(TAMPERED, 'd-fail'));
    expect(await codeOf(sentinel.service.release('d-fail', IC))).toBe('SENTINEL_ACTION_FAILED');
    const stored = await sentinel.service.detection('d-fail');
    expect(stored.status).toBe('stopped');
    expect(stored.actions.at(-1)).toMatchObject({ ok: false });
    const audit = await test.services.audit.list({ action: 'sentinel.writer.release' });
    expect(audit).toMatchObject([{ actor: 'ic', outcome: 'failure', sourceIp: '10.0.0.5' }]);
  });

  it('refuses to act on a detection without a writer process', async () => {
    await sentinel.service.recordDetection(
      detectionOn(TAMPERED, 'd-nopid', {
        writer: { pid: null, executable: null, commandLine: null, user: null },
      }),
    );
    expect(await codeOf(sentinel.service.kill('d-nopid', IC))).toBe('SENTINEL_NO_WRITER');
    const closed = await sentinel.service.resolve('d-nopid', IC);
    expect(closed).toMatchObject({ status: 'resolved', resolvedBy: 'ic' });
  });

  it('audits a detection whose actions all failed as a failure', async () => {
    const failed = detectionOn(TAMPERED, 'd-unstopped', {
      actions: [{ action: 'suspend', ok: false, detail: 'process gone', at: 1 }],
    });
    await sentinel.service.recordDetection(failed);
    const audit = await test.services.audit.list({
      action: 'sentinel.detection.raised',
      target: 'd-unstopped',
    });
    expect(audit).toMatchObject([{ outcome: 'failure' }]);
  });

  it('adds the next stopped process of a detected group to the same detection, and audits it', async () => {
    const first = detectionOn(TAMPERED, 'd-group', {
      actions: [{ action: 'suspend', ok: true, detail: 'stopped', at: 1 }],
    });
    await sentinel.service.recordDetection(first);
    const again = {
      ...first,
      files: [...first.files, `${TAMPERED}/b.pdf`],
      actions: [
        ...first.actions,
        { action: 'suspend' as const, pid: 4242, ok: true, detail: 'stopped', at: 2 },
      ],
    };
    await sentinel.service.recordDetection(again);
    await sentinel.service.recordDetection(again);
    const stored = await sentinel.stores.detections.get('d-group');
    expect(stored?.actions.map((action) => action.pid ?? null)).toEqual([null, 4242]);
    expect(stored?.files).toContain(`${TAMPERED}/b.pdf`);
    const audit = await test.services.audit.list({
      action: 'sentinel.detection.extended',
      target: 'd-group',
    });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.details)).toContain('4242');
  });

  it('raises a health alert for canaries changed without a detection', async () => {
    expect(await sentinel.service.verifyCanaries()).toEqual([{ share: TAMPERED, problems: 1 }]);
    for (let i = 0; i < 100 && !health.some((h) => h.ruleId === 'lifeline-sentinel-canary-changed'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(health.find((h) => h.ruleId === 'lifeline-sentinel-canary-changed')?.fields).toMatchObject({
      share: TAMPERED,
      canaries: 1,
    });
  });

  it('cannot renew canaries once it watches nothing, and says so in the audit log', async () => {
    await sentinel.service.close();
    expect(await codeOf(sentinel.service.renewCanaries(IC))).toBe('SENTINEL_NOT_RUNNING');
    const audit = await test.services.audit.list({ action: 'sentinel.canaries.renew' });
    expect(audit[0]).toMatchObject({ actor: 'ic', target: null, outcome: 'failure' });
  });
});
