import { afterEach, describe, expect, it } from 'vitest';
import type { EventFields, RuleSummary } from '../types.js';
import { connectDetectStream, type DetectStreamConnection } from './connection.js';
import { DetectEventPublisher } from './publisher.js';
import { stateBucket, type StreamLayout } from './settings.js';
import {
  correlations,
  event,
  removeLayout,
  rule,
  testNatsUrl,
  uniqueLayout,
  until,
} from './stream.testkit.js';
import type { StreamAlert } from './types.js';
import { DetectWorker, type WorkerRules } from './worker.js';

const failedLogon = rule('r-failed-logon', 'failed_logon');
const shadowDelete = rule('r-shadow-delete', 'shadow_delete', 'high');
const RULES = [failedLogon, shadowDelete];

const MANY_FAILED = `
title: Many failed logons for one account
name: many_failed_logons
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 10m
  condition: { gte: 40 }
`;

const T0 = Date.parse('2026-03-02T08:00:00Z');
const timeOf = (n: number) => new Date(T0 + n * 1000).toISOString();

/** A stand-in for the compiled Sigma rules: what is tested here is distribution, not matching. */
function matcherFor(seen: number[]): WorkerRules['matcher'] {
  return {
    match(fields: EventFields): readonly RuleSummary[] {
      seen.push(fields.n as number);
      if (fields.EventID === 4625) return [failedLogon];
      if (fields.EventID === 1 && String(fields.CommandLine).includes('delete shadows'))
        return [shadowDelete];
      return [];
    },
  };
}

interface RunningWorker {
  worker: DetectWorker;
  connection: DetectStreamConnection;
  seen: number[];
  alerts: StreamAlert[];
}

describe.skipIf(!testNatsUrl)('detect workers on NATS JetStream', () => {
  const url = testNatsUrl ?? '';
  let layout: StreamLayout;
  const open: DetectStreamConnection[] = [];
  const workers: DetectWorker[] = [];

  async function connection(): Promise<DetectStreamConnection> {
    const made = await connectDetectStream({ url, layout });
    open.push(made);
    return made;
  }

  async function startWorker(
    workerId: string,
    extra: Partial<Parameters<typeof DetectWorker.start>[0]> = {},
  ): Promise<RunningWorker> {
    const seen: number[] = [];
    const alerts: StreamAlert[] = [];
    const conn = await connection();
    const worker = await DetectWorker.start({
      connection: conn,
      rules: { matcher: matcherFor(seen), correlations: correlations([MANY_FAILED], RULES) },
      onAlert: (alert) => Promise.resolve(void alerts.push(alert)),
      workerId,
      concurrency: 4,
      leaseTtlMs: 3000,
      checkpointEveryMs: 200,
      ...extra,
    });
    workers.push(worker);
    return { worker, connection: conn, seen, alerts };
  }

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(open.splice(0).map((c) => c.close()));
    await removeLayout(url, layout);
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
    layout = uniqueLayout(4);
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
    layout = uniqueLayout(2);
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
    layout = uniqueLayout(1);
    const setup = await connection();
    const state = await setup.js.views.kv(stateBucket(layout), { history: 1 });
    await state.put('s.0', new TextEncoder().encode('not a checkpoint'));
    const a = await startWorker('worker-a');
    await new DetectEventPublisher(setup).publishAll(events(200));
    await until('every failed logon counted', () => a.worker.stats().correlation.observed === 40);
    expect(a.alerts.filter((x) => x.kind === 'correlation')).toHaveLength(1);
  });

  it('offers an event again when the worker that took it dies before acknowledging', async () => {
    layout = uniqueLayout(1);
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
