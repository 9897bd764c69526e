import { afterEach, describe, expect, it } from 'vitest';
import type { DetectEvent } from '../types.js';
import { DetectEventPublisher } from './publisher.js';
import { partitionConsumer } from './settings.js';
import { event, testNatsUrl, uniqueLayout, until } from './stream.testkit.js';
import type { StreamAlert } from './types.js';
import { timeOf, WorkerHarness } from './worker.testkit.js';

const logon = (n: number, user: string): DetectEvent =>
  event({ n, EventID: 4625, TargetUserName: user }, timeOf(n));

function correlationAlerts(alerts: readonly StreamAlert[], user: string) {
  return alerts.flatMap((alert) =>
    alert.kind === 'correlation' && alert.match.group.TargetUserName === user ? [alert.match] : [],
  );
}

describe.skipIf(!testNatsUrl)('a correlation partition whose alert hand-off fails', () => {
  let harness: WorkerHarness;

  afterEach(async () => {
    await harness.cleanup();
  });

  it('keeps counting exactly once and hands the failed correlation on again', async () => {
    harness = new WorkerHarness(testNatsUrl ?? '', uniqueLayout(1));
    let failures = 0;
    const a = await harness.startWorker('worker-a', {
      // The bus refuses the first correlation alert, as during a NATS hiccup.
      onAlert: (alert) => {
        if (alert.kind !== 'correlation' || failures > 0) return Promise.resolve();
        failures++;
        return Promise.reject(new Error('bus publish failed'));
      },
    });
    const conn = await harness.connection();
    const publisher = new DetectEventPublisher(conn);

    const settled = (events: number) => async () => {
      const info = await conn.jsm.consumers.info(harness.layout.stream, partitionConsumer(0));
      return a.worker.stats().events === events && info.num_pending === 0 && info.num_ack_pending === 0;
    };
    // Half of each count is saved in a checkpoint (its matches acknowledged) before the failure.
    const saved = Array.from({ length: 20 }, (_, i) => [logon(2 * i, 'alice'), logon(2 * i + 1, 'bob')]);
    await publisher.publishAll(saved.flat(), { batchSize: 4 });
    await until('the first half checkpointed', settled(40));
    expect(a.worker.stats().correlation.checkpoints).toBeGreaterThan(0);
    // Alice's 40th failed logon fires (and fails to be handed on) right after bob's 39th: the second
    // half is unacknowledged when the partition restarts, and is delivered again.
    const unsaved: DetectEvent[] = [];
    for (let i = 20; i < 40; i++)
      unsaved.push(logon(2 * i, 'alice'), ...(i < 39 ? [logon(2 * i + 1, 'bob')] : []));
    await publisher.publishAll(unsaved, { batchSize: 4 });

    await until(
      'the failed correlation handed on again',
      () => correlationAlerts(a.alerts, 'alice').length > 0,
    );
    expect(failures).toBe(1);
    await until('every match counted and acknowledged', settled(79));
    // Alice reaches 40 only if the checkpointed half was restored and the rest counted again once.
    const alice = correlationAlerts(a.alerts, 'alice');
    expect(alice).toHaveLength(1);
    expect(alice[0]).toMatchObject({ type: 'event_count', value: 40 });
    // Bob's matches delivered again after the restart were not counted twice: 39 is below threshold.
    expect(correlationAlerts(a.alerts, 'bob')).toHaveLength(0);
    expect(a.worker.stats().correlation.failed).toBe(1);
    expect(a.worker.stats().partitions).toEqual([0]);

    // The partition still counts: bob's 40th fires, and so does a later burst for carol.
    const later = [logon(100, 'bob'), ...Array.from({ length: 40 }, (_, i) => logon(101 + i, 'carol'))];
    await publisher.publishAll(later, { batchSize: 4 });
    await until(
      'the later correlations fired',
      () => correlationAlerts(a.alerts, 'bob').length + correlationAlerts(a.alerts, 'carol').length === 2,
    );
    expect(correlationAlerts(a.alerts, 'bob')).toEqual([expect.objectContaining({ value: 40 })]);
    expect(correlationAlerts(a.alerts, 'carol')).toEqual([expect.objectContaining({ value: 40 })]);
    expect(correlationAlerts(a.alerts, 'alice')).toHaveLength(1);
    expect(a.worker.stats().correlation.failed).toBe(1);
  });

  it('keeps retrying while the hand-off keeps failing, losing nothing', async () => {
    harness = new WorkerHarness(testNatsUrl ?? '', uniqueLayout(1));
    let failing = true;
    let refused = 0;
    const a = await harness.startWorker('worker-a', {
      onAlert: (alert) => {
        if (alert.kind !== 'correlation' || !failing) return Promise.resolve();
        refused++;
        return Promise.reject(new Error('bus publish failed'));
      },
    });
    const publisher = new DetectEventPublisher(await harness.connection());
    await publisher.publishAll(
      Array.from({ length: 40 }, (_, i) => logon(i, 'alice')),
      { batchSize: 4 },
    );
    await until('the hand-off refused several times', () => refused >= 3);
    expect(a.alerts.filter((alert) => alert.kind === 'correlation')).toHaveLength(0);
    failing = false;
    await until('the correlation handed on once the bus is back', () => a.alerts.length > 0);
    expect(correlationAlerts(a.alerts, 'alice')).toEqual([expect.objectContaining({ value: 40 })]);
    expect(a.worker.stats().partitions).toEqual([0]);
  });
});

describe.runIf(!testNatsUrl)('partition recovery without NATS', () => {
  it('is skipped: set LIFELINE_TEST_NATS_URL (e.g. nats://127.0.0.1:4222) to run it', () => {
    expect(testNatsUrl).toBeUndefined();
  });
});
