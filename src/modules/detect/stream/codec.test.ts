import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectEvent } from '../types.js';
import {
  decodeEvent,
  decodeEvents,
  decodeFeed,
  detectEventSchema,
  encodeEvent,
  encodeEvents,
  encodeFeed,
} from './codec.js';
import { isDetectEvent } from './event-shape.js';
import { rule } from './stream.testkit.js';

const sample: DetectEvent = {
  fields: { EventID: 4625, TargetUserName: 'alice', Tags: ['a', 1, null], Elevated: false },
  source: { kind: 'syslog-tcp', name: 'dc01', address: '10.0.0.5:514' },
  receivedAt: '2026-03-02T08:00:01.000Z',
  time: '2026-03-02T08:00:00.000Z',
  raw: '<134>Mar  2 08:00:00 dc01 ...',
};

describe('detect stream codec', () => {
  it('round-trips events and matches', () => {
    expect(decodeEvent(encodeEvent(sample))).toEqual(sample);
    const { time: _time, ...untimed } = sample;
    expect(decodeEvent(encodeEvent(untimed))).toEqual(untimed);
    const feed = { kind: 'rule' as const, match: { rule: rule('r1', 'one'), event: sample } };
    expect(decodeFeed(encodeFeed(feed))).toEqual(feed);
    const fired = {
      kind: 'correlation' as const,
      match: {
        rule: rule('c1', 'corr', 'high'),
        type: 'event_count' as const,
        group: { TargetUserName: 'alice' },
        value: 3,
        windowStart: sample.receivedAt,
        windowEnd: sample.receivedAt,
        events: [sample],
      },
    };
    expect(decodeFeed(encodeFeed(fired))).toEqual(fired);
  });

  it('carries several events in one message, keeping the good ones of a damaged batch', () => {
    expect(decodeEvents(encodeEvents([sample, sample]))).toEqual([sample, sample]);
    expect(decodeEvents(encodeEvent(sample))).toEqual([sample]);
    const damaged = new TextEncoder().encode(JSON.stringify([sample, { nope: 1 }, sample]));
    expect(decodeEvents(damaged)).toEqual([sample, null, sample]);
    expect(decodeEvents(new TextEncoder().encode('{"nope":1}'))).toBeNull();
    expect(decodeEvents(new TextEncoder().encode('[]'))).toEqual([]);
  });

  it('refuses what is not an event or a match, naming nothing', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(decodeEvent(bytes('not json'))).toBeNull();
    expect(decodeEvent(bytes(JSON.stringify({ ...sample, fields: { nested: { a: 1 } } })))).toBeNull();
    expect(decodeEvent(bytes(JSON.stringify({ ...sample, extra: 1 })))).toBeNull();
    expect(decodeEvent(new Uint8Array([0xff, 0xfe, 0x7b]))).toBeNull();
    expect(
      decodeFeed(
        bytes(JSON.stringify({ v: 2, kind: 'rule', match: { rule: rule('r', 'r'), event: sample } })),
      ),
    ).toBeNull();
  });

  it('never throws on arbitrary bytes or JSON (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array(),
          fc.json().map((text) => new TextEncoder().encode(text)),
        ),
        (bytes) => {
          expect(() => decodeEvent(bytes)).not.toThrow();
          expect(() => decodeEvents(bytes)).not.toThrow();
          expect(() => decodeFeed(bytes)).not.toThrow();
        },
      ),
    );
  });

  it('checks single events exactly as the schema for events inside matches does (fuzzed)', () => {
    const scalar = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null));
    const valid = fc.record(
      {
        fields: fc.dictionary(fc.string(), fc.oneof(scalar, fc.array(scalar))),
        source: fc.record(
          {
            kind: fc.constantFrom('syslog-udp', 'syslog-tcp', 'syslog-tls', 'http', 'file', 'scan', 'stream'),
            name: fc.string(),
            address: fc.string(),
          },
          { requiredKeys: ['kind', 'name'] },
        ),
        receivedAt: fc.string(),
        time: fc.string(),
        raw: fc.string(),
      },
      { requiredKeys: ['fields', 'source', 'receivedAt', 'raw'] },
    );
    // One thing wrong somewhere: a missing or extra key, a value of the wrong type, a nested field.
    const wrong = fc.oneof(
      fc.constant(undefined),
      fc.integer(),
      fc.object(),
      fc.array(fc.object()),
      fc.constant(null),
    );
    const broken = fc
      .tuple(
        valid,
        fc.constantFrom(
          'fields',
          'source',
          'receivedAt',
          'time',
          'raw',
          'extra',
          'field',
          'kind',
          'name',
          'address',
        ),
        wrong,
      )
      .map(([event, key, value]) => {
        const copy = structuredClone(event) as Record<string, any>;
        if (key === 'field') copy.fields.x = value;
        else if (key === 'kind' || key === 'name' || key === 'address') copy.source[key] = value;
        else if (value === undefined) delete copy[key];
        else copy[key] = value;
        return copy;
      });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(valid, broken, fc.anything()), (value) => {
        const ok = isDetectEvent(value);
        if (ok) accepted++;
        expect(ok).toBe(detectEventSchema.safeParse(value).success);
      }),
      { numRuns: 3000 },
    );
    // The property means something only if both answers came up often.
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(2700);
  });
});
