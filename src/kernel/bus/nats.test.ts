import { connect, type NatsConnection } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { LifelineError } from '../errors.js';
import { type BusHarness, natsTarget, testNatsUrl, waitFor } from './harness.testkit.js';
import { NatsBus } from './nats.js';
import { natsConnectionOptions, parseNatsUrl } from './nats-url.js';
import type { BusEvent } from './types.js';

describe('NatsBus without a server', () => {
  it('fails to start with BUS_UNAVAILABLE, naming the address but not the credentials', async () => {
    let caught: unknown;
    try {
      await NatsBus.connect({ url: 'nats://operator:hunter2@127.0.0.1:1', timeoutMs: 2000 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LifelineError);
    const error = caught as LifelineError;
    expect(error.code).toBe('BUS_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.details.url).toBe('nats://127.0.0.1:1');
    const shown = JSON.stringify({ message: error.message, details: error.details });
    expect(shown).toContain('127.0.0.1:1');
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('operator');
  });
});

describe.skipIf(!testNatsUrl)('NatsBus on JetStream', () => {
  const url = testNatsUrl ?? '';
  let harness: BusHarness | null = null;
  let raw: NatsConnection | null = null;
  const open = async (): Promise<BusHarness & { nats: NonNullable<BusHarness['nats']> }> => {
    harness = await natsTarget(url).open();
    raw = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
    return harness as BusHarness & { nats: NonNullable<BusHarness['nats']> };
  };
  afterEach(async () => {
    await raw?.close();
    await harness?.close();
    raw = harness = null;
  });

  it('drops a malformed message without blocking the consumer', async () => {
    const { bus, nats } = await open();
    const seen: BusEvent[] = [];
    await bus.subscribe({ durable: 'robust', types: ['test.raw'] }, (e) =>
      Promise.resolve(void seen.push(e)),
    );
    const js = (raw as NatsConnection).jetstream();
    await js.publish(`${nats.prefix}.test.raw`, 'not json at all');
    await js.publish(
      `${nats.prefix}.test.raw`,
      JSON.stringify({ id: 'x', type: 'test.other', at: new Date().toISOString(), source: 's', data: 1 }),
    );
    const good = await bus.publish('test.raw', { ok: true });
    await waitFor(() => seen.length >= 1, 'the good event');
    expect(seen).toEqual([good]);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('publishes with the event id as message id, so a repeated publish is dropped', async () => {
    const { bus, nats } = await open();
    const sent = await bus.publish('test.once', { n: 1 });
    const jsm = await (raw as NatsConnection).jetstreamManager();
    const stored = await jsm.streams.getMessage(nats.stream, { last_by_subj: `${nats.prefix}.test.once` });
    expect(stored.header.get('Nats-Msg-Id')).toBe(sent.id);
    expect(JSON.parse(Buffer.from(stored.data).toString())).toEqual(sent);
    const again = await (raw as NatsConnection)
      .jetstream()
      .publish(stored.subject, stored.data, { msgID: sent.id });
    expect(again.duplicate).toBe(true);
  });

  it('keeps a durable consumer across a full restart of every subscriber', async () => {
    const { bus, peer } = await open();
    const before: BusEvent[] = [];
    await bus.subscribe({ durable: 'restart', types: ['test.>'] }, (e) =>
      Promise.resolve(void before.push(e)),
    );
    await bus.close();
    const publisher = await peer();
    const missed = await publisher.publish('test.while.down', { n: 1 });
    const after: BusEvent[] = [];
    await (
      await peer()
    ).subscribe({ durable: 'restart', types: ['test.>'] }, (e) => Promise.resolve(void after.push(e)));
    await waitFor(() => after.length >= 1, 'the missed event');
    expect(after).toEqual([missed]);
    expect(before).toEqual([]);
  });

  it('follows the newest subscriber when a durable changes its types, from where it stood', async () => {
    const { bus } = await open();
    await bus.publish('test.new', 'before the durable existed');
    const seen: BusEvent[] = [];
    const record = (e: BusEvent) => Promise.resolve(void seen.push(e));
    const old = await bus.subscribe({ durable: 'evolving', types: ['test.old'] }, record);
    const handled = await bus.publish('test.old', 'handled by the old subscriber');
    await waitFor(() => seen.length >= 1, 'the old event');
    await old.unsubscribe();
    await bus.subscribe({ durable: 'evolving', types: ['test.new', 'test.newer'] }, record);
    const wanted = [
      await bus.publish('test.old', null),
      await bus.publish('test.new', 1),
      await bus.publish('test.newer', 2),
    ].slice(1);
    await waitFor(() => seen.length >= 3, 'two more events');
    expect(seen).toEqual([handled, ...wanted]);
  });

  it('loses no unacknowledged event when a durable changes its types before its first ack', async () => {
    const { bus } = await open();
    await bus.publish('test.b', 'before the durable existed');
    let attempts = 0;
    const old = await bus.subscribe({ durable: 'changing', types: ['test.a'], retryDelayMs: 60_000 }, () => {
      attempts++;
      return Promise.reject(new Error('not yet'));
    });
    const pending = await bus.publish('test.a', 'still owed');
    await waitFor(() => attempts >= 1, 'the failed attempt');
    await old.unsubscribe();
    const seen: BusEvent[] = [];
    await bus.subscribe({ durable: 'changing', types: ['test.a', 'test.b'] }, (e) =>
      Promise.resolve(void seen.push(e)),
    );
    const fresh = await bus.publish('test.b', 'after');
    await waitFor(() => seen.length >= 2, 'the owed and the fresh event');
    expect(seen).toEqual([pending, fresh]);
  });

  it('reports BUS_UNAVAILABLE from ping when the stream is gone', async () => {
    const { bus, nats } = await open();
    await bus.ping();
    const jsm = await (raw as NatsConnection).jetstreamManager();
    await jsm.streams.delete(nats.stream);
    await expect(bus.ping()).rejects.toMatchObject({
      code: 'BUS_UNAVAILABLE',
      details: { stream: nats.stream },
    });
    await expect(bus.publish('test.lost', null)).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
  });
});
