import { describe, expect, it } from 'vitest';
import type { EventFields } from '../../types.js';
import { percentileOf } from './aggregate.js';
import { load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';

const login = rule('r-login', 'login');
const web = rule('r-web', 'website_access');

function engineFor(type: string, condition: string, ref = 'login'): CorrelationEngine {
  const text = `title: t\nname: c\ncorrelation: { type: ${type}, rules: [${ref}], group-by: [Host], timespan: 1h, condition: ${condition} }`;
  return new CorrelationEngine(load([text], [login, web]));
}

/** The value of every correlation that fired while feeding `rows` in order, one second apart. */
function values(engine: CorrelationEngine, r = login, rows: readonly EventFields[]): number[] {
  return rows.flatMap((fields, i) =>
    engine.observe(match(r, i, { Host: 'h', ...fields })).map((m) => m.value),
  );
}

describe('value_count', () => {
  it('counts distinct values of the field, not events', () => {
    const engine = engineFor('value_count', '{ field: User, gte: 3 }');
    const users = ['a', 'b', 'a', 'b', 'a'].map((User) => ({ User }));
    expect(values(engine, login, users)).toEqual([]);
    expect(values(engine, login, [{ User: 'c' }])).toEqual([3]);
  });

  it('counts distinct tuples when the field is a list, and skips events lacking one of them', () => {
    const engine = engineFor('value_count', '{ field: [User, Domain], gte: 2 }');
    const rows = [
      { User: 'a', Domain: 'X' },
      { User: 'a' },
      { User: 'a', Domain: 'X' },
      { User: 'a', Domain: 'Y' },
    ];
    expect(values(engine, login, rows)).toEqual([2]);
  });

  it('treats numbers and their text alike, and 1 apart from true', () => {
    const engine = engineFor('value_count', '{ field: Port, gte: 3 }');
    expect(values(engine, login, [{ Port: 80 }, { Port: '80' }, { Port: true }])).toEqual([]);
    expect(values(engine, login, [{ Port: 1 }])).toEqual([3]);
  });
});

describe('value_sum', () => {
  it('fires when the sum passes the threshold, reading numeric text too', () => {
    const engine = engineFor('value_sum', '{ field: bytes_sent, gt: 1000000 }', 'website_access');
    const rows = [
      { bytes_sent: 400_000 },
      { bytes_sent: '600000' },
      { bytes_sent: 'n/a' },
      { bytes_sent: 1 },
    ];
    expect(values(engine, web, rows)).toEqual([1_000_001]);
  });

  it('does not fire at exactly the gt threshold', () => {
    const engine = engineFor('value_sum', '{ field: bytes_sent, gt: 10 }', 'website_access');
    expect(values(engine, web, [{ bytes_sent: 4 }, { bytes_sent: 6 }])).toEqual([]);
  });
});

describe('value_avg', () => {
  it('fires on the mean of the window', () => {
    const engine = engineFor('value_avg', '{ field: BytesOut, gte: 500 }', 'website_access');
    expect(values(engine, web, [{ BytesOut: 100 }, { BytesOut: 700 }])).toEqual([]);
    expect(values(engine, web, [{ BytesOut: 700 }])).toEqual([500]);
  });

  it('ignores events without a number', () => {
    const engine = engineFor('value_avg', '{ field: BytesOut, lt: 10 }', 'website_access');
    expect(values(engine, web, [{ BytesOut: null }, { BytesOut: [1, 2] }, {}])).toEqual([]);
    expect(engine.stats().groups).toBe(0);
  });
});

describe('value_percentile', () => {
  it('compares the chosen percentile of the window', () => {
    const engine = engineFor('value_percentile', '{ field: ms, percentile: 90, gte: 900 }');
    const rows = [100, 200, 300, 400, 500, 600, 700, 800, 900].map((ms) => ({ ms }));
    expect(values(engine, login, rows)).toEqual([]);
    expect(values(engine, login, [{ ms: 1000 }])).toEqual([910]);
  });

  it('uses the median when no percentile is given', () => {
    const engine = engineFor('value_percentile', '{ field: ms, gt: 2 }');
    expect(values(engine, login, [{ ms: 1 }, { ms: 2 }, { ms: 3 }])).toEqual([]);
    expect(values(engine, login, [{ ms: 4 }])).toEqual([2.5]);
  });

  it('interpolates between the closest ranks', () => {
    expect(percentileOf([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentileOf([1, 2, 3, 4], 0)).toBe(1);
    expect(percentileOf([1, 2, 3, 4], 100)).toBe(4);
    expect(percentileOf([10], 95)).toBe(10);
    expect(percentileOf([], 50)).toBeNaN();
  });
});
