import { describe, expect, it } from 'vitest';
import type { RuleMatch } from '../../types.js';
import { at, brief, load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';

const failed = rule('r-failed', 'failed_login');
const other = rule('r-other', 'other');

function countRule(condition: string, timespan = '1m', groupBy = '[Host]'): CorrelationEngine {
  const resolved = load(
    [
      `title: Failed logins\nname: many_failed\nlevel: high\ncorrelation: { type: event_count, rules: [failed_login], group-by: ${groupBy}, timespan: ${timespan}, condition: ${condition} }`,
    ],
    [failed, other],
  );
  return new CorrelationEngine(resolved);
}

/** Feeds matches in order; returns, per match, how many correlations fired. */
function feed(engine: CorrelationEngine, matches: readonly RuleMatch[]): number[] {
  return matches.map((m) => engine.observe(m).length);
}

const onHost = (seconds: number, host = 'dc01') => match(failed, seconds, { Host: host });

describe('event_count', () => {
  it('fires on reaching gte, not one event before', () => {
    const engine = countRule('{ gte: 3 }');
    expect(feed(engine, [onHost(0), onHost(1)])).toEqual([0, 0]);
    const fired = engine.observe(onHost(2));
    expect(fired.map(brief)).toEqual([{ rule: 'many_failed', group: { Host: 'dc01' }, value: 3 }]);
    expect(fired[0]).toMatchObject({
      type: 'event_count',
      windowStart: at(0),
      windowEnd: at(2),
      rule: { title: 'Failed logins', level: 'high' },
    });
    expect(fired[0]!.events.map((e) => e.raw)).toEqual(['r-failed@0', 'r-failed@1', 'r-failed@2']);
  });

  it('needs one more event for gt than for gte', () => {
    expect(
      feed(
        countRule('{ gt: 3 }'),
        [0, 1, 2, 3].map((s) => onHost(s)),
      ),
    ).toEqual([0, 0, 0, 1]);
  });

  it('counts only events inside the timespan, including one exactly a timespan earlier', () => {
    const engine = countRule('{ gte: 2 }', '60s');
    expect(feed(engine, [onHost(0), onHost(60)])).toEqual([0, 1]);
    const late = countRule('{ gte: 2 }', '60s');
    expect(feed(late, [onHost(0), onHost(60.001)])).toEqual([0, 0]);
  });

  it('slides: an old event leaving the window no longer counts', () => {
    const engine = countRule('{ gte: 3 }', '10s');
    expect(feed(engine, [onHost(0), onHost(5), onHost(11), onHost(16)])).toEqual([0, 0, 0, 0]);
    expect(feed(engine, [onHost(17)])).toEqual([1]);
  });

  it('counts each group-by value separately and ignores events without it', () => {
    const engine = countRule('{ gte: 2 }');
    const stream = [
      onHost(0, 'a'),
      onHost(1, 'b'),
      match(failed, 2, {}),
      match(failed, 3, { Host: null }),
      onHost(4, 'b'),
    ];
    expect(feed(engine, stream)).toEqual([0, 0, 0, 0, 1]);
  });

  it('groups by several fields together', () => {
    const engine = countRule('{ gte: 2 }', '1m', '[Host, User]');
    const m = (s: number, Host: string, User: string) => match(failed, s, { Host, User });
    expect(feed(engine, [m(0, 'a', 'x'), m(1, 'a', 'y'), m(2, 'b', 'x'), m(3, 'a', 'x')])).toEqual([
      0, 0, 0, 1,
    ]);
    expect(engine.observe(m(4, 'a', 'y'))[0]?.group).toEqual({ Host: 'a', User: 'y' });
  });

  it('counts everything together without group-by', () => {
    const engine = countRule('{ gte: 2 }', '1m', '[]');
    expect(feed(engine, [onHost(0, 'a'), match(failed, 1)])).toEqual([0, 1]);
  });

  it('starts counting afresh after firing, so a burst raises one alert per threshold', () => {
    const engine = countRule('{ gte: 3 }');
    expect(
      feed(
        engine,
        [0, 1, 2, 3, 4, 5, 6].map((s) => onHost(s)),
      ),
    ).toEqual([0, 0, 1, 0, 0, 1, 0]);
  });

  it('ignores matches of rules it does not refer to', () => {
    const engine = countRule('{ gte: 1 }');
    expect(engine.observe(match(other, 0, { Host: 'a' }))).toEqual([]);
    expect(engine.stats().groups).toBe(0);
  });

  it('checks ranges, eq and neq on each arrival', () => {
    expect(feed(countRule('{ gt: 1, lte: 2 }'), [onHost(0), onHost(1)])).toEqual([0, 1]);
    expect(feed(countRule('{ eq: 2 }'), [onHost(0), onHost(1)])).toEqual([0, 1]);
    expect(feed(countRule('{ neq: 1 }'), [onHost(0), onHost(1)])).toEqual([0, 1]);
    expect(feed(countRule('{ lt: 2 }'), [onHost(0), onHost(1)])).toEqual([1, 1]);
  });

  it('uses the receive time when the event has no usable time of its own', () => {
    const engine = countRule('{ gte: 2 }', '5s');
    const noTime = (seconds: number): RuleMatch => {
      const m = onHost(seconds);
      return { ...m, event: { ...m.event, time: 'not a time', receivedAt: at(seconds) } };
    };
    expect(feed(engine, [noTime(0), noTime(5)])).toEqual([0, 1]);
    const untimed = { ...noTime(6), event: { ...noTime(6).event, receivedAt: 'never' } };
    expect(engine.observe(untimed)).toEqual([]);
    expect(engine.stats().untimedDropped).toBe(1);
  });
});
