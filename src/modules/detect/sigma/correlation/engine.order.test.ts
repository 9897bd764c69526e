import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';

const failed = rule('r-failed', 'failed_login');
const countText = (gte: number, span = '10s') =>
  `title: t\nname: burst\ncorrelation: { type: event_count, rules: [failed_login], group-by: [Host], timespan: ${span}, condition: { gte: ${gte} } }`;
const onHost = (seconds: number) => match(failed, seconds, { Host: 'dc01' });

function engine(gte: number, span = '10s'): CorrelationEngine {
  return new CorrelationEngine(load([countText(gte, span)], [failed]));
}

describe('out-of-order events', () => {
  it('counts an event that arrives late but within the timespan', () => {
    const e = engine(3);
    expect(e.observe(onHost(8))).toEqual([]);
    expect(e.observe(onHost(9))).toEqual([]);
    const fired = e.observe(onHost(2));
    expect(fired.map((m) => m.value)).toEqual([3]);
    expect(fired[0]!.events.at(-1)?.raw).toBe('r-failed@2');
    expect(fired[0]!.windowEnd).toBe(new Date(Date.parse(fired[0]!.windowStart) + 7000).toISOString());
  });

  it('checks the later windows a late event falls into, not only the one ending at it', () => {
    const e = engine(3);
    for (const s of [0, 12, 19]) expect(e.observe(onHost(s))).toEqual([]);
    // The window ending at 19 covers 9..19: with the late event at 10 it holds three.
    expect(e.observe(onHost(10)).map((m) => m.windowEnd)).toEqual([
      new Date(Date.parse(onHost(19).event.time!)).toISOString(),
    ]);
  });

  it('drops events more than one timespan older than the newest in their group', () => {
    const e = engine(2);
    expect(e.observe(onHost(100))).toEqual([]);
    expect(e.observe(onHost(89))).toEqual([]);
    expect(e.stats().lateDropped).toBe(1);
    expect(e.observe(onHost(90))).toHaveLength(1);
  });

  it('does not count a straggler from a burst that already raised an alert', () => {
    const e = engine(2);
    e.observe(onHost(0));
    expect(e.observe(onHost(1))).toHaveLength(1);
    expect(e.observe(onHost(0.5))).toEqual([]);
    expect(e.stats().lateDropped).toBe(1);
    expect(e.observe(onHost(2))).toEqual([]);
    expect(e.observe(onHost(3))).toHaveLength(1);
  });

  it('reaches the threshold at the same arrival whatever order the events come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        (millis, gte) => {
          // All times lie within one 10 s timespan, so any arrival order forms one window.
          const e = engine(gte);
          const firstFire = millis.findIndex((ms) => e.observe(onHost(ms / 1000)).length > 0);
          expect(firstFire).toBe(millis.length >= gte ? gte - 1 : -1);
        },
      ),
    );
  });
});
