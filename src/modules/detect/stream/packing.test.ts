import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectEvent } from '../types.js';
import { decodeEvents } from './codec.js';
import { contentId, DEFAULT_MAX_PAYLOAD, fitEvent, packEvents, payloadLimit } from './packing.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function sample(raw: string, fields: DetectEvent['fields'] = { EventID: 4104 }): DetectEvent {
  return {
    fields,
    source: { kind: 'syslog-tcp', name: 'dc01' },
    receivedAt: '2026-03-02T08:00:01.000Z',
    time: '2026-03-02T08:00:00.000Z',
    raw,
  };
}

const sizeOf = (event: DetectEvent) => encoder.encode(JSON.stringify(event)).length;

/** Text whose characters cost 1 to 6 bytes in JSON, with surrogate pairs and lone halves. */
const unit = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '😀', '\uD83D', '\uDE00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = (maxLength: number) => fc.string({ unit, maxLength, size: 'max' });
const anEvent = fc
  .record({
    fields: fc.dictionary(fc.string(), fc.oneof(text(200), fc.integer(), fc.boolean(), fc.constant(null)), {
      maxKeys: 5,
    }),
    raw: text(1500),
  })
  .map(({ fields, raw }) => sample(raw, fields));

describe('fitting events into NATS messages', () => {
  it('leaves room for the message headers under the server limit', () => {
    expect(payloadLimit(undefined)).toBe(DEFAULT_MAX_PAYLOAD - 1024);
    expect(payloadLimit(2_000_000, 'ingest-1.é')).toBe(2_000_000 - 1024 - 11);
  });

  it('keeps an event that fits as it is', () => {
    const event = sample('a line');
    const fitted = fitEvent(event, 10_000);
    expect(fitted?.truncated).toBe(false);
    expect(decoder.decode(fitted?.bytes)).toBe(JSON.stringify(event));
  });

  it('cuts the raw text of a large event to the longest prefix that fits, keeping the fields', () => {
    const event = sample('x'.repeat(5000), { EventID: 4104, ScriptBlockText: 'y'.repeat(300) });
    const fitted = fitEvent(event, 1000);
    expect(fitted?.truncated).toBe(true);
    expect(fitted?.bytes.length).toBe(1000);
    const back = JSON.parse(decoder.decode(fitted?.bytes)) as DetectEvent;
    expect(back.fields).toEqual(event.fields);
    expect(event.raw.startsWith(back.raw)).toBe(true);
  });

  it('refuses an event whose fields alone are too large', () => {
    expect(fitEvent(sample('', { ScriptBlockText: 'y'.repeat(2000) }), 1000)).toBeNull();
    expect(fitEvent(sample('short', { ScriptBlockText: 'y'.repeat(2000) }), 1000)).toBeNull();
  });

  it('never exceeds the limit, and keeps all but the end of raw (fuzzed)', () => {
    const seen = { refused: 0, truncated: 0, whole: 0 };
    fc.assert(
      fc.property(anEvent, fc.integer({ min: 100, max: 2000 }), (event, limit) => {
        const fitted = fitEvent(event, limit);
        const bare = sizeOf({ ...event, raw: '' });
        if (fitted === null) {
          seen.refused++;
          expect(bare).toBeGreaterThan(limit);
          return;
        }
        seen[fitted.truncated ? 'truncated' : 'whole']++;
        expect(fitted.bytes.length).toBeLessThanOrEqual(limit);
        const back = JSON.parse(decoder.decode(fitted.bytes)) as DetectEvent;
        expect({ ...back, raw: '' }).toEqual({ ...event, raw: '' });
        expect(event.raw.startsWith(back.raw)).toBe(true);
        expect(fitted.truncated).toBe(back.raw.length < event.raw.length);
        if (!fitted.truncated) return;
        // Not cut shorter than needed: one more character (two for a surrogate pair) would not fit.
        const next = /[\uD800-\uDBFF]$/.test(event.raw.slice(0, back.raw.length + 1)) ? 2 : 1;
        expect(sizeOf({ ...event, raw: event.raw.slice(0, back.raw.length + next) })).toBeGreaterThan(limit);
        // Never half of a surrogate pair at the cut.
        const cut = event.raw.slice(back.raw.length - 1, back.raw.length + 1);
        expect(cut).not.toMatch(/^[\uD800-\uDBFF][\uDC00-\uDFFF]$/);
      }),
      { numRuns: 200 },
    );
    // The property means something only if every outcome came up.
    expect(Math.min(seen.refused, seen.truncated, seen.whole)).toBeGreaterThan(20);
  });
});

describe('packing events into messages', () => {
  it('puts events into as few JSON arrays as fit, in order (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.array(anEvent, { maxLength: 30 }),
        fc.integer({ min: 300, max: 4000 }),
        (events, limit) => {
          const items = events.flatMap((event) => fitEvent(event, limit - 2)?.bytes ?? []);
          const messages = packEvents(items, limit);
          for (const message of messages) expect(message.length).toBeLessThanOrEqual(limit);
          const decoded = messages.flatMap((message) => decodeEvents(message) ?? [null]);
          expect(decoded).toEqual(items.map((item) => JSON.parse(decoder.decode(item)) as unknown));
          // A message is closed only when the next event would not fit in it.
          let at = 0;
          for (const [i, message] of messages.entries()) {
            at += (decodeEvents(message) ?? []).length;
            const next = items[at];
            if (i < messages.length - 1 && next)
              expect(message.length + 1 + next.length).toBeGreaterThan(limit);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an item larger than a message instead of sending it', () => {
    expect(() => packEvents([new Uint8Array(999)], 1000)).toThrow(RangeError);
    expect(packEvents([], 1000)).toEqual([]);
  });

  it('names a message by its content', () => {
    const bytes = encoder.encode('[{"a":1}]');
    expect(contentId(bytes)).toBe(contentId(encoder.encode('[{"a":1}]')));
    expect(contentId(bytes)).not.toBe(contentId(encoder.encode('[{"a":2}]')));
  });
});
