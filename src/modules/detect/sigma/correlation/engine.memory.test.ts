import { describe, expect, it } from 'vitest';
import { at, load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine, type CorrelationEngineOptions } from './engine.js';

const failed = rule('r-failed', 'failed_login');
const text = (gte: number) =>
  `title: t\nname: burst\ncorrelation: { type: event_count, rules: [failed_login], group-by: [Host], timespan: 1m, condition: { gte: ${gte} } }`;
const onHost = (host: string, seconds: number) => match(failed, seconds, { Host: host });

function engine(gte: number, options: CorrelationEngineOptions): CorrelationEngine {
  return new CorrelationEngine(load([text(gte)], [failed]), options);
}

describe('bounded memory', () => {
  it('evicts the least recently updated group beyond maxGroups and counts it', () => {
    const e = engine(2, { maxGroups: 2 });
    e.observe(onHost('a', 0));
    e.observe(onHost('b', 1));
    e.observe(onHost('c', 2));
    expect(e.stats()).toMatchObject({ groups: 2, evictedGroups: 1 });
    // `a` was the least recently updated, so it lost its first event.
    expect(e.observe(onHost('a', 3))).toEqual([]);
    expect(e.stats().evictedGroups).toBe(2);
    expect(e.observe(onHost('c', 4))).toHaveLength(1);
  });

  it('keeps a recently updated group when a new one arrives', () => {
    const e = engine(2, { maxGroups: 2 });
    e.observe(onHost('a', 0));
    e.observe(onHost('b', 1));
    e.observe(onHost('a', 2));
    e.observe(onHost('c', 3));
    expect(e.observe(onHost('c', 4))).toHaveLength(1);
    expect(e.observe(onHost('b', 5))).toEqual([]);
  });

  it('keeps at most maxEntriesPerGroup matches per group, dropping the oldest', () => {
    const e = engine(5, { maxEntriesPerGroup: 3 });
    for (let s = 0; s < 10; s++) expect(e.observe(onHost('a', s))).toEqual([]);
    expect(e.stats()).toMatchObject({ groups: 1, entries: 3, evictedEntries: 7 });
  });

  it('drops a late match that would be the oldest in a full group', () => {
    const e = engine(2, { maxEntriesPerGroup: 1 });
    e.observe(onHost('a', 10));
    expect(e.observe(onHost('a', 5))).toEqual([]);
    expect(e.stats()).toMatchObject({ entries: 1, evictedEntries: 1 });
  });

  it('caps the evidence, keeping the triggering event last', () => {
    const e = engine(30, { maxEvidence: 4 });
    const fired = Array.from({ length: 30 }, (_, s) => e.observe(onHost('a', s))).flat();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.value).toBe(30);
    expect(fired[0]!.events.map((ev) => ev.raw)).toEqual([
      'r-failed@26',
      'r-failed@27',
      'r-failed@28',
      'r-failed@29',
    ]);
  });

  it('expires groups whose last match is more than a timespan old', () => {
    const e = engine(2, {});
    e.observe(onHost('a', 0));
    e.observe(onHost('b', 30));
    expect(e.expire(at(60))).toBe(0);
    expect(e.expire(Date.parse(at(60.001)))).toBe(1);
    expect(e.stats()).toMatchObject({ groups: 1, expiredGroups: 1 });
    expect(e.expire(new Date(Date.parse(at(91))))).toBe(1);
    expect(e.stats().groups).toBe(0);
  });

  it('prunes matches two timespans behind the newest without calling them evictions', () => {
    const e = engine(100, {});
    for (let s = 0; s <= 300; s += 10) e.observe(onHost('a', s));
    expect(e.stats()).toMatchObject({ entries: 13, evictedEntries: 0 });
  });
});
