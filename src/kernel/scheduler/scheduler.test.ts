import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Database } from '../db/connect.js';
import { testEngines } from '../db/testkit.js';
import { LifelineError } from '../errors.js';
import { ABORTED } from './failure.js';
import { schedulerMigrations } from './migrations.js';
import { Scheduler } from './scheduler.js';
import { type SharedTestDatabase, createSharedTestDatabase } from './shared-db.testkit.js';
import { ABANDONED, RunStore } from './store.js';

const EVERY_SECOND = '* * * * * *';
// Far enough away that it never ticks during a test; runNow is the only way these jobs run.
const ONCE_A_YEAR = '0 0 1 1 *';
const POLL = { timeout: 20_000, interval: 50 };

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function capturingLogger(): { logger: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      messages.push(String((JSON.parse(chunk.toString()) as { msg: string }).msg));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), messages };
}

describe.each(testEngines())('Scheduler on $engine', ({ engine }) => {
  let shared: SharedTestDatabase | undefined;
  const schedulers: Scheduler[] = [];

  async function connect(): Promise<Database> {
    shared ??= await createSharedTestDatabase(engine, schedulerMigrations);
    return shared.connect();
  }

  function track(scheduler: Scheduler): Scheduler {
    schedulers.push(scheduler);
    return scheduler;
  }

  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop({ graceMs: 1000 })));
    await shared?.close();
    shared = undefined;
  });

  it('lets exactly one process claim a tick, however many try at once', async () => {
    const stores = [new RunStore(await connect()), new RunStore(await connect())];
    const attempts = Array.from({ length: 10 }, (_, i) =>
      stores[i % 2]!.claim({
        job: 'race',
        scheduledFor: '2026-01-13T08:00:00.000Z',
        node: `node-${i}`,
        trigger: 'schedule',
        startedAt: '2026-01-13T08:00:00.010Z',
      }),
    );
    const won = await Promise.all(attempts);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.list({ job: 'race' })).toHaveLength(1);
  });

  it('runs each tick exactly once across two processes sharing the database', async () => {
    const invocations: { node: string; scheduledFor: string }[] = [];
    const log = capturingLogger();
    for (const node of ['node-a', 'node-b']) {
      const scheduler = track(new Scheduler({ database: await connect(), node, logger: log.logger }));
      scheduler.register({
        name: 'test.every-second',
        cron: EVERY_SECOND,
        async run({ scheduledFor }) {
          invocations.push({ node, scheduledFor });
          // Hold the run briefly so the other node's attempt overlaps it.
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      });
    }
    for (const scheduler of schedulers) scheduler.start();
    await vi.waitFor(() => expect(invocations.length).toBeGreaterThanOrEqual(4), POLL);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));

    const runs = await schedulers[0]!.listRuns({ job: 'test.every-second', limit: 1000 });
    expect(runs).toHaveLength(invocations.length);
    expect(new Set(invocations.map((i) => i.scheduledFor)).size).toBe(invocations.length);
    const byTick = new Map(runs.map((run) => [run.scheduledFor, run]));
    for (const invocation of invocations) {
      const run = byTick.get(invocation.scheduledFor);
      expect(run).toMatchObject({
        node: invocation.node,
        outcome: 'success',
        error: null,
        trigger: 'schedule',
      });
      expect(invocation.scheduledFor).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    }
    // Both nodes competed for the ticks; whichever won, the loser stood aside.
    expect(log.messages.filter((m) => m === 'tick taken by another node').length).toBeGreaterThanOrEqual(1);
  });

  it('records a failing run and still runs the next tick', async () => {
    let calls = 0;
    const scheduler = track(new Scheduler({ database: await connect(), node: 'node-a' }));
    scheduler.register({
      name: 'test.flaky',
      cron: EVERY_SECOND,
      run() {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return Promise.resolve();
      },
    });
    scheduler.start();
    await vi.waitFor(async () => {
      const runs = await scheduler.listRuns({ job: 'test.flaky' });
      expect(runs.some((run) => run.outcome === 'success')).toBe(true);
    }, POLL);
    await scheduler.stop();
    const runs = (await scheduler.listRuns({ job: 'test.flaky' })).reverse();
    expect(runs[0]).toMatchObject({ outcome: 'failure', error: 'Error: boom' });
    expect(runs[0]!.finishedAt).not.toBeNull();
    expect(runs[1]).toMatchObject({ outcome: 'success', error: null });
    expect(runs[1]!.scheduledFor > runs[0]!.scheduledFor).toBe(true);
  });

  it('records manual runs, successful or not, and refuses unknown jobs', async () => {
    const clock = new ManualClock('2026-01-13T08:00:00.123Z');
    const scheduler = track(new Scheduler({ database: await connect(), node: 'node-a', clock }));
    let ran = 0;
    scheduler.register({
      name: 'test.manual',
      cron: ONCE_A_YEAR,
      run: () => Promise.resolve(void (ran += 1)),
    });
    scheduler.register({
      name: 'test.broken',
      cron: ONCE_A_YEAR,
      run: () => Promise.reject(new TypeError('bad input')),
    });

    const run = await scheduler.runNow('test.manual');
    expect(ran).toBe(1);
    expect(run).toEqual({
      job: 'test.manual',
      scheduledFor: '2026-01-13T08:00:00.123Z',
      node: 'node-a',
      startedAt: '2026-01-13T08:00:00.123Z',
      finishedAt: '2026-01-13T08:00:00.123Z',
      outcome: 'success',
      error: null,
      trigger: 'manual',
    });
    expect(await scheduler.listRuns({ job: 'test.manual' })).toEqual([run]);

    const failed = await scheduler.runNow('test.broken');
    expect(failed).toMatchObject({ outcome: 'failure', error: 'TypeError: bad input' });
    expect(await scheduler.listRuns()).toHaveLength(2);
    expect(await scheduler.listRuns({ limit: 1 })).toHaveLength(1);

    // The same instant twice is the same run; the second must not pretend it ran.
    await expect(scheduler.runNow('test.manual')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ran).toBe(1);
    await expect(scheduler.runNow('test.missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('waits in stop() for a running job, and takes no tick after it', async () => {
    const started = deferred();
    const release = deferred();
    let calls = 0;
    const scheduler = track(new Scheduler({ database: await connect(), node: 'node-a' }));
    scheduler.register({
      name: 'test.slow',
      cron: EVERY_SECOND,
      async run() {
        calls += 1;
        started.resolve();
        await release.promise;
      },
    });
    scheduler.start();
    await started.promise;
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    const callsAtStop = calls;
    const runs = await scheduler.listRuns({ job: 'test.slow' });
    expect(runs.every((run) => run.outcome === 'success')).toBe(true);
    expect(runs).toHaveLength(callsAtStop);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(calls).toBe(callsAtStop);
  });

  it('aborts a job that outlives the stop grace and records it as aborted', async () => {
    const scheduler = track(new Scheduler({ database: await connect(), node: 'node-a' }));
    const started = deferred();
    scheduler.register({
      name: 'test.stubborn',
      cron: ONCE_A_YEAR,
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          started.resolve();
          signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    const run = scheduler.runNow('test.stubborn');
    await started.promise;
    await scheduler.stop({ graceMs: 100 });
    await expect(run).resolves.toMatchObject({ outcome: 'failure', error: ABORTED });
  });

  it('reports a run left running by a dead process as abandoned', async () => {
    const clock = new ManualClock('2026-01-13T08:00:00.000Z');
    const database = await connect();
    const store = new RunStore(database);
    const leftOver = (job: string, startedAt: string) =>
      store.claim({ job, scheduledFor: startedAt, node: 'dead-node', trigger: 'schedule', startedAt });
    await leftOver('test.stale', '2026-01-13T06:00:00.000Z');
    await leftOver('test.stale', '2026-01-13T07:30:00.000Z');
    await leftOver('test.other', '2026-01-13T06:00:00.000Z');
    const scheduler = track(new Scheduler({ database, node: 'node-a', clock, staleAfterMs: 60 * 60 * 1000 }));

    const runs = await scheduler.listRuns({ job: 'test.stale' });
    expect(runs.map((run) => [run.scheduledFor, run.outcome, run.error])).toEqual([
      ['2026-01-13T07:30:00.000Z', 'running', null],
      ['2026-01-13T06:00:00.000Z', 'failure', ABANDONED],
    ]);
    expect(runs[1]!.finishedAt).toBe('2026-01-13T08:00:00.000Z');

    // A run of the job that is not listed is noticed when that job next runs.
    scheduler.register({ name: 'test.other', cron: ONCE_A_YEAR, run: () => Promise.resolve() });
    await scheduler.runNow('test.other');
    const other = await store.list({ job: 'test.other' });
    expect(other.find((run) => run.node === 'dead-node')).toMatchObject({
      outcome: 'failure',
      error: ABANDONED,
    });
  });

  it('rejects an invalid job at registration with SCHEDULER_JOB_INVALID', async () => {
    const scheduler = track(new Scheduler({ database: await connect(), node: 'node-a' }));
    const job = { name: 'test.bad', cron: 'sometimes', run: () => Promise.resolve() };
    expect(() => scheduler.register(job)).toThrow(LifelineError);
    expect(() => scheduler.register(job)).toThrow(
      expect.objectContaining({ code: 'SCHEDULER_JOB_INVALID', status: 400 }),
    );
    scheduler.register({ ...job, cron: ONCE_A_YEAR });
    expect(() => scheduler.register({ ...job, cron: ONCE_A_YEAR })).toThrow(
      expect.objectContaining({ code: 'SCHEDULER_JOB_INVALID' }),
    );
    expect(scheduler.jobs()).toEqual([
      { name: 'test.bad', cron: ONCE_A_YEAR, timezone: null, nextRun: null },
    ]);
  });
});
