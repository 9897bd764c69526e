import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { ENGINE_FILES_CAP } from './detection-store.js';
import type { SentinelPlatform } from './mount.js';
import { WRITER_START_TICKS, detectionOn, standInFactory, standInResponders } from './sentinel.testkit.js';

const SHARE = '/srv/shares/pharmacy';
const IC = { actor: 'ic', sourceIp: '10.0.0.7' };

let test: TestApp;
let sentinel: SentinelPlatform;
const responders = standInResponders();

beforeAll(async () => {
  test = await createTestApp({
    config: { sentinel: { shares: [{ path: SHARE }] } },
    modules: [
      sentinelModule({
        createSentinel: standInFactory().factory,
        responders,
        expose: (platform) => (sentinel = platform),
      }),
    ],
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

const writer = (pid: number, startTicks?: number) => ({
  pid,
  ...(startTicks === undefined ? {} : { startTicks }),
  executable: '/usr/bin/python3',
  commandLine: 'python3 enc.py',
  user: 'alice',
});

async function refusals(target: string) {
  const all = await test.services.audit.list({ target });
  return all.filter((record) => record.outcome === 'failure').map((record) => record.details.refused);
}

describe('operator decisions about a writer', () => {
  it('refuses to signal a pid whose process exited, and audits the refusal', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'gone', { writer: writer(501, WRITER_START_TICKS) }),
    );
    responders.ticks.set(501, null);
    expect(await codeOf(sentinel.service.release('gone', IC))).toBe('SENTINEL_WRITER_GONE');
    expect(await codeOf(sentinel.service.kill('gone', IC))).toBe('SENTINEL_WRITER_GONE');
    expect(responders.calls).not.toContain('resume 501');
    expect(responders.calls).not.toContain('kill 501');
    expect(await refusals('gone')).toEqual(['SENTINEL_WRITER_GONE', 'SENTINEL_WRITER_GONE']);
    // The operator closes it instead.
    expect((await sentinel.service.resolve('gone', IC)).status).toBe('resolved');
  });

  it('refuses to signal a pid that now belongs to another process', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'reused', { writer: writer(502, WRITER_START_TICKS) }),
    );
    responders.ticks.set(502, WRITER_START_TICKS + 9_000);
    expect(await codeOf(sentinel.service.kill('reused', IC))).toBe('SENTINEL_WRITER_GONE');
    expect(responders.calls).not.toContain('kill 502');
    const [audit] = await test.services.audit.list({ action: 'sentinel.writer.kill', target: 'reused' });
    expect(audit).toMatchObject({ actor: 'ic', outcome: 'failure', sourceIp: '10.0.0.7' });
    expect(audit?.details).toMatchObject({ refused: 'SENTINEL_WRITER_GONE', pid: 502 });
  });

  it('refuses a writer whose start time was never recorded', async () => {
    await sentinel.service.recordDetection(detectionOn(SHARE, 'untimed', { writer: writer(503) }));
    expect(await codeOf(sentinel.service.release('untimed', IC))).toBe('SENTINEL_WRITER_GONE');
    expect(responders.calls).not.toContain('resume 503');
  });

  it('signals the very process it stopped', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'same', { writer: writer(504, WRITER_START_TICKS) }),
    );
    expect((await sentinel.service.kill('same', IC)).status).toBe('killed');
    expect(responders.calls).toContain('kill 504');
  });

  it('audits every refusal: closed, no writer, unknown detection', async () => {
    expect(await codeOf(sentinel.service.release('same', IC))).toBe('SENTINEL_DETECTION_CLOSED');
    expect(await codeOf(sentinel.service.resolve('same', IC))).toBe('SENTINEL_DETECTION_CLOSED');
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'nopid', { writer: { pid: null, executable: null, commandLine: null, user: null } }),
    );
    expect(await codeOf(sentinel.service.kill('nopid', IC))).toBe('SENTINEL_NO_WRITER');
    expect(await codeOf(sentinel.service.release('nothing', IC))).toBe('SENTINEL_DETECTION_NOT_FOUND');
    expect(await codeOf(sentinel.service.resolve('nothing', IC))).toBe('SENTINEL_DETECTION_NOT_FOUND');
    expect(await refusals('same')).toEqual(
      expect.arrayContaining(['SENTINEL_DETECTION_CLOSED', 'SENTINEL_DETECTION_CLOSED']),
    );
    expect(await refusals('nopid')).toEqual(['SENTINEL_NO_WRITER']);
    expect(await refusals('nothing')).toEqual([
      'SENTINEL_DETECTION_NOT_FOUND',
      'SENTINEL_DETECTION_NOT_FOUND',
    ]);
  });
});

describe('a detection as stored', () => {
  it('says a writer whose halting actions all failed was not stopped, and still lets it be killed', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'loose', {
        writer: writer(505, WRITER_START_TICKS),
        actions: [
          { action: 'suspend', ok: false, detail: 'no such process', at: 1 },
          { action: 'webhook', ok: true, detail: '200', at: 2 },
        ],
      }),
    );
    expect((await sentinel.service.detection('loose')).status).toBe('unstopped');
    expect(await sentinel.stores.detections.list({ status: 'unstopped' })).toMatchObject([{ id: 'loose' }]);
    expect(await sentinel.stores.detections.countOpen()).toBeGreaterThanOrEqual(1);
    expect((await sentinel.service.kill('loose', IC)).status).toBe('killed');
  });

  it('stores and audits the command line with secrets masked', async () => {
    await sentinel.service.recordDetection(
      detectionOn(SHARE, 'secret', {
        writer: { ...writer(506, WRITER_START_TICKS), commandLine: 'enc --password hunter2 https://u:pw@x/' },
      }),
    );
    const stored = await sentinel.service.detection('secret');
    expect(stored.writer.commandLine).toBe('enc --password *** https://u:***@x/');
    const [audit] = await test.services.audit.list({ action: 'sentinel.detection.raised', target: 'secret' });
    expect(JSON.stringify(audit)).not.toContain('hunter2');
    expect(audit?.details.commandLine).toBe('enc --password *** https://u:***@x/');
  });

  it('says "at least" when the engine reported as many files as it keeps', async () => {
    const files = Array.from({ length: ENGINE_FILES_CAP }, (_, i) => `${SHARE}/f${i}.pdf`);
    await sentinel.service.recordDetection(detectionOn(SHARE, 'many', { files }));
    expect(await sentinel.service.detection('many')).toMatchObject({ filesTotal: 1000, filesAtLeast: true });
    expect((await sentinel.service.detection('secret')).filesAtLeast).toBe(false);
    const [audit] = await test.services.audit.list({ action: 'sentinel.detection.raised', target: 'many' });
    expect(audit?.details.filesChanged).toBe('at least 1000');
  });
});
