import type { JetStreamClient } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import type { DetectEvent, EventFields } from '../types.js';
import type { DetectStreamConnection } from './connection.js';
import { DetectEventPublisher } from './publisher.js';
import { EVENTS_CONSUMER } from './settings.js';
import { event, testNatsUrl, uniqueLayout, until } from './stream.testkit.js';
import { timeOf, WorkerHarness } from './worker.testkit.js';

/** A PowerShell script block logging event (4104) carrying 32 KB of script text, twice over. */
function scriptBlock(n: number): DetectEvent {
  const script = `# block ${n}\n` + 'Write-Output "padding";\n'.repeat(1400);
  const fields: EventFields = { n, EventID: 4104, ScriptBlockText: script.slice(0, 32 * 1024) };
  return { ...event(fields, timeOf(n)), raw: script.slice(0, 32 * 1024) };
}

/** The connection, with the size of every message it publishes recorded. */
function recording(connection: DetectStreamConnection, sizes: number[]): DetectStreamConnection {
  const js = new Proxy(connection.js, {
    get(target, property, receiver) {
      if (property !== 'publish') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<JetStreamClient['publish']>) => {
        sizes.push((args[1] as Uint8Array).length);
        return target.publish(...args);
      };
    },
  });
  return { ...connection, js };
}

function tooLarge(error: unknown) {
  expect(isLifelineError(error) && error.code).toBe('DETECT_STREAM_EVENT_TOO_LARGE');
  return isLifelineError(error) ? { status: error.status, details: error.details } : null;
}

describe.skipIf(!testNatsUrl)('publishing events larger than one NATS message', () => {
  let harness: WorkerHarness;

  afterEach(async () => {
    await harness.cleanup();
  });

  async function setup() {
    harness = new WorkerHarness(testNatsUrl ?? '', uniqueLayout(1));
    const worker = await harness.startWorker('worker-a', {}, []);
    const connection = await harness.connection();
    const sizes: number[] = [];
    const publisher = new DetectEventPublisher(recording(connection, sizes));
    const maxPayload = connection.nc.info?.max_payload ?? 0;
    expect(maxPayload).toBeGreaterThan(0);
    /** Everything published was processed and acknowledged, and nothing more is coming. */
    const settled = (events: number) => async () => {
      const info = await connection.jsm.consumers.info(harness.layout.stream, EVENTS_CONSUMER);
      return worker.worker.stats().events === events && info.num_pending === 0 && info.num_ack_pending === 0;
    };
    return { worker, publisher, sizes, maxPayload, settled };
  }

  it('splits a batch of 64 large events into messages the server takes, losing none', async () => {
    const { worker, publisher, sizes, maxPayload, settled } = await setup();
    const events = Array.from({ length: 64 }, (_, n) => scriptBlock(n));
    // Over 4 MB as one message: far beyond the server's limit.
    expect(JSON.stringify(events).length).toBeGreaterThan(4 * maxPayload);

    await publisher.publishBatch(events);
    expect(sizes.length).toBeGreaterThan(4);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(maxPayload);
    await until('all 64 events processed', settled(64));
    expect([...worker.seen].sort((a, b) => a - b)).toEqual(events.map((_, n) => n));
  });

  it('keeps publishAll batches within its byte budget, counting encoded bytes', async () => {
    const { worker, publisher, sizes, settled } = await setup();
    const events = Array.from({ length: 64 }, (_, n) => scriptBlock(n));
    expect(await publisher.publishAll(events, { batchBytes: 256 * 1024 })).toBe(64);
    const largest = new TextEncoder().encode(JSON.stringify(events[0])).length;
    for (const size of sizes) expect(size).toBeLessThanOrEqual(256 * 1024 + largest + 2);
    await until('all 64 events processed', settled(64));
    expect(worker.seen).toHaveLength(64);
  });

  it('cuts the raw text of an event too large on its own, keeping its fields', async () => {
    const { worker, publisher, maxPayload, settled } = await setup();
    const huge: DetectEvent = {
      ...event({ n: 1, EventID: 1, CommandLine: 'vssadmin.exe delete shadows /all /quiet' }, timeOf(1)),
      raw: 'r'.repeat(2 * maxPayload),
    };
    await publisher.publish(huge);
    await publisher.publishBatch([scriptBlock(2), huge, scriptBlock(3)]);
    await until('the events processed', settled(4));
    const alerts = worker.alerts.flatMap((alert) => (alert.kind === 'rule' ? [alert.match.event] : []));
    expect(alerts).toHaveLength(2);
    for (const stored of alerts) {
      expect(stored.fields).toEqual(huge.fields);
      expect(stored.raw.length).toBeGreaterThan(maxPayload / 2);
      expect(stored.raw.length).toBeLessThan(maxPayload);
      expect(huge.raw.startsWith(stored.raw)).toBe(true);
    }
  });

  it('refuses an event whose fields alone are too large, storing the rest of its batch once', async () => {
    const { worker, publisher, maxPayload, settled } = await setup();
    const oversized = event({ n: 99, EventID: 4104, ScriptBlockText: 'x'.repeat(maxPayload) }, timeOf(99));

    const single = await publisher.publish(oversized).catch((error: unknown) => error);
    expect(tooLarge(single)).toEqual({
      status: 413,
      details: expect.objectContaining({ refused: 1, stored: 0 }),
    });

    const batch = [scriptBlock(1), oversized, scriptBlock(2)];
    const first = await publisher.publishBatch(batch).catch((error: unknown) => error);
    expect(tooLarge(first)?.details).toMatchObject({ refused: 1, stored: 2 });
    // A caller retrying the same batch does not store its other events twice.
    const retried = await publisher.publishBatch(batch).catch((error: unknown) => error);
    expect(tooLarge(retried)?.details).toMatchObject({ refused: 1, stored: 2 });
    await until('the stored events processed', settled(2));
    expect([...worker.seen].sort()).toEqual([1, 2]);

    const all = await publisher
      .publishAll([scriptBlock(3), oversized, scriptBlock(4)])
      .catch((e: unknown) => e);
    expect(tooLarge(all)?.details).toMatchObject({ refused: 1, stored: 2 });
    await until('publishAll went on past the refused event', settled(4));
  });
});

describe.runIf(!testNatsUrl)('publishing large events without NATS', () => {
  it('is skipped: set LIFELINE_TEST_NATS_URL (e.g. nats://127.0.0.1:4222) to run it', () => {
    expect(testNatsUrl).toBeUndefined();
  });
});
