import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './harness.testkit.js';
import { InProcessBus, type InProcessBusOptions } from './in-process.js';
import type { BusEvent } from './types.js';

let bus: InProcessBus | null = null;
const open = (options: InProcessBusOptions = {}): InProcessBus => (bus = new InProcessBus(options));
afterEach(async () => {
  await bus?.close();
  bus = null;
});

describe('InProcessBus', () => {
  it('hands the events of one durable name to its subscribers in turn', async () => {
    const b = open();
    const first: number[] = [];
    const second: number[] = [];
    await b.subscribe({ durable: 'pool', types: ['job.*'] }, (e) =>
      Promise.resolve(void first.push(e.data as number)),
    );
    await b.subscribe({ durable: 'pool', types: ['job.*'] }, (e) =>
      Promise.resolve(void second.push(e.data as number)),
    );
    for (let i = 0; i < 10; i++) await b.publish('job.run', i);
    await waitFor(() => first.length + second.length === 10, 'ten events');
    expect(first).toEqual([0, 2, 4, 6, 8]);
    expect(second).toEqual([1, 3, 5, 7, 9]);
  });

  it('keeps order across a retry: a failing event holds back the ones after it', async () => {
    const b = open();
    const seen: string[] = [];
    let failures = 0;
    await b.subscribe({ durable: 'ordered', types: ['step.*'], retryDelayMs: 20 }, (e) => {
      seen.push(e.type);
      if (e.type === 'step.one' && failures++ === 0) return Promise.reject(new Error('once'));
      return Promise.resolve();
    });
    await b.publish('step.one', null);
    await b.publish('step.two', null);
    await waitFor(() => seen.includes('step.two'), 'the second step');
    expect(seen).toEqual(['step.one', 'step.one', 'step.two']);
  });

  it('parks the oldest waiting events when a durable consumer falls too far behind', async () => {
    const b = open({ maxQueuedPerConsumer: 3 });
    const seen: number[] = [];
    const sub = await b.subscribe({ durable: 'gone', types: ['tick'] }, (e) =>
      Promise.resolve(void seen.push(e.data as number)),
    );
    await sub.unsubscribe();
    for (let i = 0; i < 5; i++) await b.publish('tick', i);
    expect(b.deadLetters().map((letter) => [letter.event.data, letter.error, letter.deliveries])).toEqual([
      [0, 'queue overflow: no subscriber kept up', 0],
      [1, 'queue overflow: no subscriber kept up', 0],
    ]);
    await b.subscribe({ durable: 'gone', types: ['tick'] }, (e) =>
      Promise.resolve(void seen.push(e.data as number)),
    );
    await waitFor(() => seen.length === 3, 'the kept events');
    expect(seen).toEqual([2, 3, 4]);
  });

  it('keeps only the newest dead letters up to its limit', async () => {
    const b = open({ deadLetterLimit: 2 });
    await b.subscribe({ durable: 'broken', types: ['bad'], maxDeliveries: 1 }, () =>
      Promise.reject(new Error('no')),
    );
    for (let i = 0; i < 3; i++) await b.publish('bad', i);
    await waitFor(() => b.deadLetters().some((letter) => letter.event.data === 2), 'the third parked');
    expect(b.deadLetters().map((letter) => letter.event.data)).toEqual([1, 2]);
  });

  it('logs a parked event by id and type, never its data', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const b = open({ logger: pino({ level: 'warn' }, sink) });
    const handled: BusEvent[] = [];
    await b.subscribe(
      { durable: 'careful', types: ['continuity.note.*'], maxDeliveries: 2, retryDelayMs: 1 },
      (e) => {
        handled.push(e);
        return Promise.reject(new Error('store offline'));
      },
    );
    const sent = await b.publish('continuity.note.added', {
      patientName: 'Jane Doe',
      text: 'allergic to penicillin',
    });
    await waitFor(() => b.deadLetters().length === 1 && lines.length >= 2, 'the event parked and logged');
    const log = lines.join('\n');
    expect(log).toContain(sent.id);
    expect(log).toContain('store offline');
    expect(log).not.toContain('Jane');
    expect(log).not.toContain('penicillin');
    expect(handled).toHaveLength(2);
  });

  it('does not call a handler again after close, even with a retry pending', async () => {
    const b = open();
    let attempts = 0;
    await b.subscribe({ durable: 'late', types: ['x'], retryDelayMs: 50 }, () => {
      attempts++;
      return Promise.reject(new Error('fails'));
    });
    await b.publish('x', null);
    await waitFor(() => attempts === 1, 'the first attempt');
    await b.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts).toBe(1);
  });
});
