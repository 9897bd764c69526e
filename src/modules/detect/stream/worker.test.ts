import { afterEach, describe, expect, it } from 'vitest';
import type { EventFields } from '../types.js';
import { DetectEventPublisher } from './publisher.js';
import { stateBucket } from './settings.js';
import { correlations, event, testNatsUrl, uniqueLayout, until } from './stream.testkit.js';
import { DetectWorker } from './worker.js';
import {
  matcherFor,
  RULES,
  type RunningWorker,
  shadowDelete,
  timeOf,
  WorkerHarness,
} from './worker.testkit.js';

describe.skipIf(!testNatsUrl)('detect workers on NATS JetStream', () => {
  const url = testNatsUrl ?? '';
  let harness: WorkerHarness;
  const on = (partitions: number) => (harness = new WorkerHarness(url, uniqueLayout(partitions)));
  const connection = () => harness.connection();
  const startWorker = (...args: Parameters<WorkerHarness['startWorker']>) => harness.startWorker(...args);

  afterEach(async () => {
    await harness.cleanup();
  });

  function events(count: number, from = 0) {
    return Array.from({ length: count }, (_, i) => {
      const n = from + i;
      // Every fifth event is a failed logon for alice; one in 25 deletes shadow copies.
      const fields: EventFields =
        n % 5 === 0
          ? { n, EventID: 4625, TargetUserName: 'alice' }
          : n % 25 === 1
            ? { n, EventID: 1, CommandLine: 'vssadmin.exe delete shadows /all /quiet' }
            : { n, EventID: 7, ImageLoaded: 'C:\\Windows\\System32\\ntdll.dll' };
      return event(fields, timeOf(n % 300));
    });
  }

  it('processes each event once across two workers and fires a spread-out correlation once', async () => {
    on(4);
    const a = await startWorker('worker-a');
    const b = await startWorker('worker-b');
    const publisher = new DetectEventPublisher(await connection());
    // 200 events: 40 failed logons for alice (exactly the threshold), 8 shadow-copy deletions.
    // Small batches, so that both workers get a share of the messages.
    expect(await publisher.publishAll(events(200), { batchSize: 4 })).toBe(200);

    await until('every event processed', () => a.worker.stats().events + b.worker.stats().events === 200);
    await until(
      'every failed logon counted',
      () => a.worker.stats().correlation.observed + b.worker.stats().correlation.observed === 40,
    );
    const seen = [...a.seen, ...b.seen].sort((x, y) => x - y);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // The failed logons were matched by both workers, yet counted in one place.
    expect(a.seen.filter((n) => n % 5 === 0).length).toBeGreaterThan(0);
    expect(b.seen.filter((n) => n % 5 === 0).length).toBeGreaterThan(0);

    const alerts = [...a.alerts, ...b.alerts];
    const fired = alerts.filter((x) => x.kind === 'correlation');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.match).toMatchObject({
      type: 'event_count',
      value: 40,
      group: { TargetUserName: 'alice' },
    });
    // The counted rule is silent (generate defaults to false); the other rule alerts per event.
    const ruleAlerts = alerts.filter((x) => x.kind === 'rule');
    expect(ruleAlerts.map((x) => x.match.rule.id)).toEqual(new Array(8).fill(shadowDelete.id));
    // Both workers hold a share of the partitions, and no partition is held twice.
    await until(
      'partitions balanced',
      () => a.worker.stats().partitions.length === 2 && b.worker.stats().partitions.length === 2,
    );
    const held = [...a.worker.stats().partitions, ...b.worker.stats().partitions].sort();
    expect(held).toEqual([0, 1, 2, 3]);
  });

  it('carries open correlation windows to the next owner when a worker leaves', async () => {
    on(2);
    const a = await startWorker('worker-a');
    const publisher = new DetectEventPublisher(await connection());
    // The first 100 events hold 20 failed logons: half the threshold.
    await publisher.publishAll(events(100));
    await until('first half counted', () => a.worker.stats().correlation.observed === 20);
    await a.worker.stop();

    const b = await startWorker('worker-b');
    await publisher.publishAll(events(100, 100));
    await until('second half counted', () => b.worker.stats().correlation.observed === 20);
    const fired = b.alerts.filter((x) => x.kind === 'correlation');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.match).toMatchObject({ value: 40 });
    expect(a.alerts.filter((x) => x.kind === 'correlation')).toHaveLength(0);
  });

  it('starts a partition empty rather than not at all when its checkpoint is damaged', async () => {
    on(1);
    const setup = await connection();
    const state = await setup.js.views.kv(stateBucket(harness.layout), { history: 1 });
    await state.put('s.0', new TextEncoder().encode('not a checkpoint'));
    const a = await startWorker('worker-a');
    await new DetectEventPublisher(setup).publishAll(events(200));
    await until('every failed logon counted', () => a.worker.stats().correlation.observed === 40);
    expect(a.alerts.filter((x) => x.kind === 'correlation')).toHaveLength(1);
  });

  it('offers an event again when the worker that took it dies before acknowledging', async () => {
    on(1);
    const stuck: RunningWorker = await (async () => {
      const seen: number[] = [];
      const conn = await connection();
      const worker = await DetectWorker.start({
        connection: conn,
        rules: { matcher: matcherFor(seen), correlations: correlations([], RULES) },
        // Never finishes handing on the alert: the event stays unacknowledged.
        onAlert: () => new Promise<void>(() => undefined),
        workerId: 'stuck',
        ackWaitMs: 2000,
      });
      return { worker, connection: conn, seen, alerts: [] };
    })();
    const publisher = new DetectEventPublisher(await connection());
    await publisher.publish(events(2)[1] as ReturnType<typeof event>);
    await until('the stuck worker took the event', () => stuck.seen.length === 1);
    // The process dies: its connection goes without acknowledging anything.
    await stuck.connection.nc.close();

    const healthy = await startWorker('healthy', { ackWaitMs: 2000 });
    await until('the event redelivered', () => healthy.alerts.length === 1);
    expect(healthy.alerts[0]?.match.rule.id).toBe(shadowDelete.id);
    expect(healthy.worker.stats().events).toBe(1);
  });
});

describe.runIf(!testNatsUrl)('detect workers without NATS', () => {
  it('are skipped: set LIFELINE_TEST_NATS_URL (e.g. nats://127.0.0.1:4222) to run them', () => {
    expect(testNatsUrl).toBeUndefined();
  });
});
