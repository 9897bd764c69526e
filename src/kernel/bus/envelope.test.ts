import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { LifelineError } from '../errors.js';
import { createEvent, decodeEvent, encodeEvent, isTypePattern, MAX_EVENT_BYTES } from './envelope.js';

describe('event envelope', () => {
  it('round-trips any JSON data with the envelope intact', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (data, source) => {
        const event = createEvent('test.any.thing', data, source);
        const decoded = decodeEvent(Buffer.from(encodeEvent(event)));
        expect(decoded).toEqual({ ...event, data: JSON.parse(JSON.stringify(data ?? null)) });
      }),
    );
  });

  it('stamps the time from the clock and a fresh id', () => {
    const clock = new ManualClock('2026-01-13T08:00:00.000Z');
    const a = createEvent('a.b', 1, 'system', clock);
    const b = createEvent('a.b', 1, 'system', clock);
    expect(a.at).toBe('2026-01-13T08:00:00.000Z');
    expect(a.id).not.toBe(b.id);
  });

  it('refuses data that JSON cannot carry and events above the size limit', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeEvent(createEvent('a.b', cyclic, 'x'))).toThrow(LifelineError);
    expect(() => encodeEvent(createEvent('a.b', 'x'.repeat(MAX_EVENT_BYTES), 'x'))).toThrow(/too large/);
    expect(() => encodeEvent(createEvent('a.b', 'x'.repeat(MAX_EVENT_BYTES - 500), 'x'))).not.toThrow();
  });

  it('rejects anything from the wire that is not a well-formed envelope, and only with VALIDATION_FAILED', () => {
    const valid = JSON.parse(encodeEvent(createEvent('a.b', { k: 1 }, 'x'))) as Record<string, unknown>;
    const mutated = fc
      .record({ key: fc.constantFrom('id', 'type', 'at', 'source', 'data'), value: fc.jsonValue() })
      .map(({ key, value }) => JSON.stringify({ ...valid, [key]: value }));
    const wire = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      mutated,
      fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
    );
    fc.assert(
      fc.property(wire, (input) => {
        try {
          const event = decodeEvent(input);
          expect(typeof event.id).toBe('string');
          expect(isTypePattern(event.type) && !/[*>]/.test(event.type)).toBe(true);
          expect(Number.isNaN(Date.parse(event.at))).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(LifelineError);
          expect((err as LifelineError).code).toBe('VALIDATION_FAILED');
        }
      }),
      { numRuns: 2000 },
    );
    for (const broken of ['', 'null', '[]', '{"id":"1"}', JSON.stringify({ ...valid, type: 'a.*' })]) {
      expect(() => decodeEvent(broken)).toThrow(LifelineError);
    }
    const { data: _data, ...withoutData } = valid;
    expect(() => decodeEvent(JSON.stringify(withoutData))).toThrow(/no data/);
  });

  it('accepts only patterns NATS can use as a filter', () => {
    for (const ok of ['a', 'a.b.c', 'a.*', 'a.*.c', 'a.>', '>', 'x_y-z.*'])
      expect(isTypePattern(ok)).toBe(true);
    for (const bad of ['', 'a..b', 'a.>.b', 'a.b*', 'a b', '.a', 'a.', 'ä.b'])
      expect(isTypePattern(bad)).toBe(false);
  });
});
