import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../kernel/clock.js';
import type { DetectEvent, EventSource } from '../../types.js';
import { jsonLineDecoder, plainDecoder } from '../decoders.testkit.js';
import type { QuarantineEntry } from '../quarantine/entry.js';
import { IngestHub, type IngestHubOptions } from './hub.js';

function setup(options: Partial<IngestHubOptions> = {}) {
  const drops: [EventSource, number][] = [];
  const quarantined: QuarantineEntry[] = [];
  const registry = new Registry();
  const clock = new ManualClock('2026-01-13T08:00:00Z');
  const hub = new IngestHub({
    capacity: 10,
    decoders: { http: jsonLineDecoder, 'syslog-udp': plainDecoder, 'syslog-tcp': plainDecoder },
    registry,
    onDrop: (source, count) => drops.push([source, count]),
    quarantine: (entry) => quarantined.push(entry),
    clock,
    ...options,
  });
  return { hub, drops, quarantined, registry, clock };
}

function collect(hub: IngestHub) {
  const events: DetectEvent[] = [];
  const consumer = hub.consume(async (batch) => {
    events.push(...batch);
  });
  return { events, consumer };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('IngestHub decoding and delivery', () => {
  it('turns lines into events, in order, and counts them processed', async () => {
    const { hub } = setup({ maxRawChars: 20 });
    const input = hub.register({ kind: 'http', name: 'agents' });
    const result = input.offer(
      ['{"EventID":4624,"time":"2026-01-13T07:59:00.000Z"}', '{"EventID":4625,"note":"a long text here"}'],
      { overflow: 'keep', address: '10.0.0.7' },
    );
    expect(result).toMatchObject({ received: 2, accepted: 2, malformed: 0, dropped: 0, refused: false });
    const { events, consumer } = collect(hub);
    await hub.settled(result.lastSeq);
    expect(events.map((e) => e.fields.EventID)).toEqual([4624, 4625]);
    expect(events[0]).toMatchObject({
      source: { kind: 'http', name: 'agents', address: '10.0.0.7' },
      receivedAt: '2026-01-13T08:00:00.000Z',
      time: '2026-01-13T07:59:00.000Z',
    });
    expect(events[1]?.time).toBeUndefined();
    expect(events[1]?.raw).toHaveLength(20);
    expect(hub.sources()).toEqual([
      expect.objectContaining({ name: 'agents', received: 2, processed: 2, lagging: 0, status: 'ok' }),
    ]);
    await consumer.stop();
  });

  it('does not believe an event dated beyond a few minutes ahead of the clock', async () => {
    const { hub } = setup();
    const input = hub.register({ kind: 'http', name: 'forged' });
    const result = input.offer(
      [
        '{"EventID":4625,"time":"2099-01-01T00:00:00.000Z"}',
        '{"EventID":4625,"time":"2026-01-13T08:04:00.000Z"}',
      ],
      { overflow: 'keep' },
    );
    const { events, consumer } = collect(hub);
    await hub.settled(result.lastSeq);
    // The first is kept and timed by its receipt; the second is four minutes ahead, within a
    // plausible clock skew, and keeps its own time.
    expect(events.map((e) => e.time)).toEqual([undefined, '2026-01-13T08:04:00.000Z']);
    await consumer.stop();
  });

  it('quarantines what cannot be decoded, with a reason and nothing else lost', () => {
    const { hub, quarantined } = setup({ decoders: { http: jsonLineDecoder } });
    const result = hub.register({ kind: 'http', name: 'agents' }).offer(['{"a":1}', 'not json', '[1]'], {
      overflow: 'keep',
    });
    expect(result).toMatchObject({ accepted: 1, malformed: 2 });
    expect(quarantined).toEqual([
      {
        source: 'agents',
        kind: 'http',
        reason: 'not JSON',
        receivedAt: '2026-01-13T08:00:00.000Z',
        line: 'not json',
      },
      {
        source: 'agents',
        kind: 'http',
        reason: 'not a JSON object',
        receivedAt: '2026-01-13T08:00:00.000Z',
        line: '[1]',
      },
    ]);
    expect(hub.sources()[0]).toMatchObject({ received: 3, malformed: 2, lagging: 1 });
  });

  it('quarantines lines of a kind without a decoder and survives a throwing decoder', () => {
    const { hub, quarantined } = setup({
      decoders: {
        http: () => {
          throw new Error('secret patient text');
        },
      },
    });
    hub.register({ kind: 'http', name: 'h' }).offer(['x'], { overflow: 'keep' });
    hub.register({ kind: 'file', name: 'f' }).offer(['y'], { overflow: 'keep' });
    expect(quarantined.map((q) => q.reason)).toEqual(['decoder failed', 'no decoder for this source kind']);
  });

  it('lets one source use its own decoder', () => {
    const { hub } = setup();
    const input = hub.register({ kind: 'file', name: 'auth-log' }, { decode: plainDecoder });
    expect(input.offer(['Jan 13 sshd: x'], { overflow: 'keep' }).accepted).toBe(1);
  });
});

describe('IngestHub back-pressure', () => {
  it('drops beyond capacity for UDP, counts it and reports it', () => {
    const { hub, drops, registry } = setup({ capacity: 3 });
    const input = hub.register({ kind: 'syslog-udp', name: 'udp' });
    const result = input.offer(['1', '2', '3', '4', '5'], { overflow: 'drop', address: '10.0.0.1:514' });
    expect(result).toMatchObject({ accepted: 3, dropped: 2, full: true });
    expect(drops).toEqual([[{ kind: 'syslog-udp', name: 'udp' }, 2]]);
    expect(hub.sources()[0]).toMatchObject({ received: 5, dropped: 2, lagging: 3, status: 'dropping' });
    return expect(
      registry.getSingleMetricAsString('lifeline_detect_events_dropped_total'),
    ).resolves.toContain('lifeline_detect_events_dropped_total{source="udp"} 2');
  });

  it('reports the first drop at once and sums the rest of a flood per source', async () => {
    const { hub, drops } = setup({ capacity: 1, dropReportIntervalMs: 60_000 });
    const udp = hub.register({ kind: 'syslog-udp', name: 'udp' });
    const other = hub.register({ kind: 'syslog-udp', name: 'other' });
    for (let i = 0; i < 100; i++) udp.offer(['x'], { overflow: 'drop' });
    other.offer(['y', 'z'], { overflow: 'drop' });
    expect(drops).toEqual([[{ kind: 'syslog-udp', name: 'udp' }, 1]]);
    await hub.close(0); // the one queued event goes too, with nobody to process it
    expect(drops).toEqual([
      [{ kind: 'syslog-udp', name: 'udp' }, 1],
      [{ kind: 'syslog-udp', name: 'udp' }, 99],
      [{ kind: 'syslog-udp', name: 'other' }, 2],
    ]);
  });

  it('refuses a whole batch when full, taking and counting nothing', () => {
    const { hub } = setup({ capacity: 2 });
    const input = hub.register({ kind: 'http', name: 'h' });
    input.offer(['{}', '{}'], { overflow: 'keep' });
    expect(input.offer(['{}'], { overflow: 'refuse' })).toMatchObject({
      refused: true,
      accepted: 0,
      received: 0,
    });
    expect(hub.sources()[0]).toMatchObject({ received: 2, dropped: 0 });
  });

  it('keeps the batch of a pausable producer beyond capacity and wakes it once half drained', async () => {
    const { hub } = setup({ capacity: 4 });
    const input = hub.register({ kind: 'syslog-tcp', name: 'tcp' });
    const result = input.offer(['1', '2', '3', '4', '5', '6'], { overflow: 'keep' });
    expect(result).toMatchObject({ accepted: 6, full: true });
    let writable = false;
    const waiting = hub.whenWritable().then(() => {
      writable = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(writable).toBe(false);
    const { events, consumer } = collect(hub);
    await waiting;
    await hub.settled(result.lastSeq);
    expect(events).toHaveLength(6);
    await consumer.stop();
  });
});

describe('IngestHub consumer', () => {
  it('retries a failing batch and delivers it once the handler recovers', async () => {
    const { hub, drops } = setup();
    const result = hub
      .register({ kind: 'http', name: 'h' })
      .offer(['{"n":1}', '{"n":2}'], { overflow: 'keep' });
    let calls = 0;
    const seen: number[] = [];
    const consumer = hub.consume(
      async (batch) => {
        calls++;
        if (calls < 3) throw new Error('engine busy');
        seen.push(...batch.map((e) => e.fields.n as number));
      },
      { retryDelayMs: 1 },
    );
    await hub.settled(result.lastSeq);
    expect(seen).toEqual([1, 2]);
    expect(drops).toEqual([]);
    expect(hub.sources()[0]).toMatchObject({ processed: 2, dropped: 0 });
    await consumer.stop();
  });

  it('drops a batch that keeps failing, and says so', async () => {
    const { hub, drops } = setup({ dropReportIntervalMs: 0 });
    const result = hub.register({ kind: 'http', name: 'h' }).offer(['{}', '{}', '{}'], { overflow: 'keep' });
    const consumer = hub.consume(
      async () => {
        throw new Error('broken');
      },
      { retryDelayMs: 1, maxAttempts: 2, batchSize: 2 },
    );
    await hub.settled(result.lastSeq);
    expect(drops).toEqual([
      [{ kind: 'http', name: 'h' }, 2],
      [{ kind: 'http', name: 'h' }, 1],
    ]);
    expect(hub.sources()[0]).toMatchObject({ processed: 0, dropped: 3, lagging: 0 });
    await consumer.stop();
  });

  it('accepts one consumer at a time', async () => {
    const { hub } = setup();
    const { consumer } = collect(hub);
    expect(() => hub.consume(async () => undefined)).toThrow(/consumer already/);
    await consumer.stop();
    const again = hub.consume(async () => undefined);
    await again.stop();
  });

  it('drains through the consumer on close, then refuses and counts late lines', async () => {
    const { hub, drops } = setup();
    const input = hub.register({ kind: 'http', name: 'h' });
    input.offer(['{}', '{}'], { overflow: 'keep' });
    const { events } = collect(hub);
    await hub.close();
    expect(events).toHaveLength(2);
    expect(input.offer(['{}'], { overflow: 'refuse' }).refused).toBe(true);
    expect(input.offer(['{}'], { overflow: 'keep' }).dropped).toBe(1);
    expect(drops).toEqual([[{ kind: 'http', name: 'h' }, 1]]);
  });

  it('counts what is still queued as dropped when closed without a consumer', async () => {
    const { hub, drops } = setup();
    hub.register({ kind: 'http', name: 'h' }).offer(['{}', '{}'], { overflow: 'keep' });
    await hub.close();
    expect(drops).toEqual([[{ kind: 'http', name: 'h' }, 2]]);
  });
});

describe('IngestHub sources and metrics', () => {
  it('reports idle, lagging and dropping by the rules', () => {
    const { hub, clock } = setup({
      capacity: 2,
      idleAfterMs: 60_000,
      lagAfterMs: 5_000,
      dropWindowMs: 30_000,
    });
    hub.register({ kind: 'syslog-tcp', name: 'quiet' });
    const busy = hub.register({ kind: 'http', name: 'busy' });
    busy.offer(['{}'], { overflow: 'keep' });
    expect(hub.sources().map((s) => [s.name, s.status])).toEqual([
      ['busy', 'ok'],
      ['quiet', 'idle'],
    ]);
    clock.advance(6_000);
    expect(hub.sources()[0]?.status).toBe('lagging');
    const udp = hub.register({ kind: 'syslog-udp', name: 'udp' });
    udp.offer(['a', 'b'], { overflow: 'drop' });
    expect(hub.sources().find((s) => s.name === 'udp')?.status).toBe('dropping');
    clock.advance(31_000);
    // The drop has aged out; its accepted line still waits behind an old queue.
    expect(hub.sources().find((s) => s.name === 'udp')?.status).toBe('lagging');
    expect(hub.sources().find((s) => s.name === 'quiet')).toMatchObject({ lastEventAt: null, received: 0 });
  });

  it('refuses a second kind under one name and caps the number of sources', () => {
    const { hub } = setup({ maxSources: 2 });
    const first = hub.register({ kind: 'http', name: 'a' });
    expect(hub.register({ kind: 'http', name: 'a' })).toBe(first);
    expect(() => hub.register({ kind: 'file', name: 'a' })).toThrow(
      expect.objectContaining({ code: 'DETECT_INGEST_SOURCE_CONFLICT' }),
    );
    hub.register({ kind: 'http', name: 'b' });
    expect(() => hub.register({ kind: 'http', name: 'c' })).toThrow(
      expect.objectContaining({ code: 'DETECT_INGEST_TOO_MANY_SOURCES' }),
    );
  });

  it('exposes received, processed, malformed and the queue depth per source', async () => {
    const { hub, registry } = setup();
    const input = hub.register({ kind: 'http', name: 'agents' });
    input.offer(['{}', 'bad', '{}'], { overflow: 'keep' });
    const text = await registry.metrics();
    expect(text).toContain('lifeline_detect_events_received_total{source="agents"} 3');
    expect(text).toContain('lifeline_detect_events_malformed_total{source="agents"} 1');
    expect(text).toContain('lifeline_detect_queue_depth{source="agents"} 2');
    const { consumer } = collect(hub);
    await until(() => hub.depth === 0);
    const after = await registry.metrics();
    expect(after).toContain('lifeline_detect_events_processed_total{source="agents"} 2');
    expect(after).toContain('lifeline_detect_queue_depth{source="agents"} 0');
    await consumer.stop();
  });
});
