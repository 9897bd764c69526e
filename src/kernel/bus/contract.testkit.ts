import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import type { BusHarness, BusTarget } from './harness.testkit.js';
import { waitFor } from './harness.testkit.js';
import type { BusEvent, EventHandler } from './types.js';

export * from './harness.testkit.js';

/** Short retries keep the suite quick; the behaviour under test does not depend on the numbers. */
const fast = { retryDelayMs: 50, maxDeliveries: 3 } as const;

function recorder(): { events: BusEvent[]; ids: () => string[]; handler: EventHandler } {
  const events: BusEvent[] = [];
  return {
    events,
    ids: () => events.map((event) => event.id),
    handler: (event) => {
      events.push(event);
      return Promise.resolve();
    },
  };
}

/**
 * What every EventBus promises its users. Call inside a describe block, once per implementation, so
 * that code tested against the in-process bus can rely on the same behaviour from NATS.
 */
export function runBusContract(target: BusTarget): void {
  let harness: BusHarness | null = null;
  const open = async (): Promise<BusHarness> => (harness = await target.open());
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });

  it('delivers the published envelope intact', async () => {
    const { bus } = await open();
    const seen = recorder();
    await bus.subscribe({ durable: 'reader', types: ['test.thing.happened'] }, seen.handler);
    const data = {
      text: 'Ünïcødé ✓ 🚑 "quoted"',
      n: 42.5,
      nested: { list: [1, 'two', null, true] },
      empty: {},
    };
    const sent = await bus.publish('test.thing.happened', data, 'alice');
    expect(sent).toMatchObject({ type: 'test.thing.happened', source: 'alice', data });
    expect(sent.id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(sent.at).toISOString()).toBe(sent.at);
    const anonymous = await bus.publish('test.thing.happened', null);
    expect(anonymous.source).toBe('system');
    expect(anonymous.id).not.toBe(sent.id);
    await waitFor(() => seen.events.length >= 2, 'two events');
    expect(seen.events).toEqual([sent, anonymous]);
  });

  it('selects events by exact type, by * (one level) and by > (any depth)', async () => {
    const { bus } = await open();
    const subscribers = {
      exact: { types: ['a.b.c'], seen: recorder() },
      star: { types: ['a.b.*'], seen: recorder() },
      tail: { types: ['a.>'], seen: recorder() },
      several: { types: ['x.y.z', 'a.b.*'], seen: recorder() },
    };
    for (const [durable, { types, seen }] of Object.entries(subscribers)) {
      await bus.subscribe({ durable, types }, seen.handler);
    }
    // Order per consumer holds, and every consumer selects the last event, so once each has it
    // nothing that was going to arrive is still on its way.
    const order = ['b.b.c', 'a.x', 'a.b.c.d', 'a.b.d', 'x.y.z', 'x.y', 'a.b.c'];
    for (const type of order) await bus.publish(type, { type });
    for (const { seen } of Object.values(subscribers)) {
      await waitFor(() => seen.events.some((event) => event.type === 'a.b.c'), 'the last event');
    }
    const types = (name: keyof typeof subscribers) =>
      subscribers[name].seen.events.map((event) => event.type);
    expect(types('exact')).toEqual(['a.b.c']);
    expect(types('star')).toEqual(['a.b.d', 'a.b.c']);
    expect(types('tail')).toEqual(['a.x', 'a.b.c.d', 'a.b.d', 'a.b.c']);
    expect(types('several')).toEqual(['a.b.d', 'x.y.z', 'a.b.c']);
  });

  it('delivers every event to each durable name', async () => {
    const { bus } = await open();
    const audit = recorder();
    const alerts = recorder();
    await bus.subscribe({ durable: 'audit', types: ['detect.>'] }, audit.handler);
    await bus.subscribe({ durable: 'alerts', types: ['detect.alert.*'] }, alerts.handler);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await bus.publish('detect.alert.raised', { i })).id);
    await waitFor(() => audit.events.length >= 5 && alerts.events.length >= 5, 'five events each');
    expect(audit.ids()).toEqual(sent);
    expect(alerts.ids()).toEqual(sent);
  });

  it('shares one durable name between subscribers, each event handled once', async () => {
    const { bus, peer } = await open();
    const first = recorder();
    const second = recorder();
    const one = await bus.subscribe({ durable: 'workers', types: ['test.job.*'] }, first.handler);
    await (await peer()).subscribe({ durable: 'workers', types: ['test.job.*'] }, second.handler);
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) sent.push((await bus.publish('test.job.queued', { i })).id);
    await waitFor(() => first.events.length + second.events.length >= 30, 'thirty events');
    expect([...first.ids(), ...second.ids()].sort()).toEqual([...sent].sort());
    // The second subscriber really is a member: with the first gone, it gets the rest.
    await one.unsubscribe();
    const later: string[] = [];
    for (let i = 0; i < 3; i++) later.push((await bus.publish('test.job.queued', { later: i })).id);
    await waitFor(() => later.every((id) => second.ids().includes(id)), 'the later events on the second');
    expect(first.ids().filter((id) => later.includes(id))).toEqual([]);
  });

  it('offers an event again after its handler threw, until it succeeds', async () => {
    const { bus } = await open();
    const attempts: BusEvent[] = [];
    let handled: BusEvent | null = null;
    await bus.subscribe({ durable: 'flaky', types: ['test.flaky'], ...fast, maxDeliveries: 5 }, (event) => {
      attempts.push(event);
      if (attempts.length < 3) return Promise.reject(new Error('temporarily broken'));
      handled = event;
      return Promise.resolve();
    });
    const sent = await bus.publish('test.flaky', { n: 1 });
    const done = await waitFor(() => handled, 'a successful attempt');
    expect(done).toEqual(sent);
    expect(attempts.map((event) => event.id)).toEqual([sent.id, sent.id, sent.id]);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('parks an event after maxDeliveries failures and moves on', async () => {
    const { bus } = await open();
    const poisonAttempts: string[] = [];
    const ok = recorder();
    await bus.subscribe({ durable: 'strict', types: ['test.item'], ...fast }, (event) => {
      if ((event.data as { poison?: boolean }).poison) {
        poisonAttempts.push(event.id);
        return Promise.reject(new Error('cannot handle this one'));
      }
      return ok.handler(event);
    });
    const poison = await bus.publish('test.item', { poison: true });
    const fine = await bus.publish('test.item', { poison: false });
    await waitFor(() => bus.deadLetters().length === 1 && ok.ids().includes(fine.id), 'the poison parked');
    expect(bus.deadLetters()[0]).toMatchObject({ durable: 'strict', event: poison, deliveries: 3 });
    expect(bus.deadLetters()[0]?.error).toContain('cannot handle this one');
    // Well past several retry delays, a parked event must not come back.
    await sleep(fast.retryDelayMs * 10);
    expect(poisonAttempts).toEqual([poison.id, poison.id, poison.id]);
  });

  it('keeps events for a durable name while nobody is subscribed', async () => {
    const { bus, peer } = await open();
    const seen = recorder();
    const first = await bus.subscribe({ durable: 'returning', types: ['test.>'] }, seen.handler);
    const before = await bus.publish('test.a.one', 1);
    await waitFor(() => seen.events.length >= 1, 'the first event');
    await first.unsubscribe();
    const missed = [await bus.publish('test.a.two', 2), await bus.publish('test.b.three', 3)];
    await sleep(100);
    expect(seen.events).toHaveLength(1);
    await (await peer()).subscribe({ durable: 'returning', types: ['test.>'] }, seen.handler);
    await waitFor(() => seen.events.length >= 3, 'the missed events');
    expect(seen.ids()).toEqual([before.id, ...missed.map((event) => event.id)]);
  });

  it('starts a new durable name at events published after its first subscription', async () => {
    const { bus } = await open();
    await bus.publish('test.early', 'before anyone listened');
    const seen = recorder();
    await bus.subscribe({ durable: 'newcomer', types: ['test.early', 'test.fence'] }, seen.handler);
    const fence = await bus.publish('test.fence', 'after');
    await waitFor(() => seen.events.length >= 1, 'the fence');
    expect(seen.ids()).toEqual([fence.id]);
  });

  it('gives each consumer its own copy of the data', async () => {
    const { bus } = await open();
    const clean = recorder();
    let mutated = false;
    await bus.subscribe({ durable: 'vandal', types: ['test.shared'] }, (event) => {
      (event.data as { list: number[] }).list.push(99);
      mutated = true;
      return Promise.resolve();
    });
    await bus.subscribe({ durable: 'reader', types: ['test.shared'] }, clean.handler);
    const sent = await bus.publish('test.shared', { list: [1] });
    await waitFor(() => mutated && clean.events.length >= 1, 'both consumers');
    // Were the object shared, the recorded copy and the publisher's would show the 99 too.
    expect(clean.events[0]?.data).toEqual({ list: [1] });
    expect(sent.data).toEqual({ list: [1] });
  });

  it('rejects invalid event types, patterns and durable names', async () => {
    const { bus } = await open();
    const noop: EventHandler = () => Promise.resolve();
    for (const type of ['', 'a..b', 'a.*', 'a.>', 'has space', 'a.b.']) {
      await expect(bus.publish(type, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await expect(bus.publish('test.cyclic', { big: 1n })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const bad = [
      { durable: 'has.dot', types: ['a.b'] },
      { durable: 'ok', types: [] },
      { durable: 'ok', types: ['a.>.b'] },
      { durable: 'ok', types: ['a..b'] },
      { durable: 'ok', types: ['a.b'], maxDeliveries: 0 },
    ];
    for (const options of bad) {
      await expect(bus.subscribe(options, noop)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('answers ping while open and refuses work once closed', async () => {
    const { bus } = await open();
    await expect(bus.ping()).resolves.toBeUndefined();
    await bus.close();
    await expect(bus.ping()).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    await expect(bus.publish('test.late', null)).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    await expect(
      bus.subscribe({ durable: 'late', types: ['test.late'] }, () => Promise.resolve()),
    ).rejects.toMatchObject({
      code: 'BUS_UNAVAILABLE',
    });
    await expect(bus.close()).resolves.toBeUndefined();
  });

  it('waits for a handler in flight when closing', async () => {
    const { bus } = await open();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let finished = false;
    await bus.subscribe({ durable: 'slow', types: ['test.slow'] }, async () => {
      started = true;
      await gate;
      finished = true;
    });
    await bus.publish('test.slow', null);
    await waitFor(() => started, 'the handler to start');
    let closed = false;
    const closing = bus.close().then(() => (closed = true));
    try {
      await sleep(100);
      expect(closed).toBe(false);
    } finally {
      release();
    }
    await closing;
    expect(finished).toBe(true);
  });
}
