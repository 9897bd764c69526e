import { describe, expect, it } from 'vitest';
import type { CorrelationMatch, RuleMatch } from '../../types.js';
import { at, brief, load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';

const failed = rule('53ba33fd-3a50-4468-a5ef-c583635cfa92', 'failed_login');
const success = rule('4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', 'successful_login');
const download = rule('r-download', 'large_download');

const bruteForceThenLogin = [
  `
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
level: high
correlation:
  type: temporal_ordered
  rules: [multiple_failed_login, successful_login]
  group-by: [User]
  timespan: 10m
`,
  `
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [User]
  timespan: 10m
  condition: { gte: 10 }
`,
];

const user = (r: typeof failed, seconds: number, User = 'alice', Host = 'ws1') =>
  match(r, seconds, { User, Host });

describe('chained correlations', () => {
  it('fires the outer correlation when the inner one fired before the successful login', () => {
    const resolved = load(bruteForceThenLogin, [failed, success]);
    const engine = new CorrelationEngine(resolved);
    const fired: CorrelationMatch[] = [];
    for (let s = 0; s < 10; s++) fired.push(...engine.observe(user(failed, s * 10)));
    expect(fired.map((m) => m.rule.id)).toEqual(['a8418a5a-5fc4-46b5-b23b-6c73beb19d41']);
    const outer = engine.observe(user(success, 120));
    expect(outer.map(brief)).toEqual([
      { rule: 'b180ead8-d58f-40b2-ae54-c8940995b9b6', group: { User: 'alice' }, value: 2 },
    ]);
    expect(outer[0]!.rule.level).toBe('high');
    expect(outer[0]!.windowStart).toBe(at(90));
    expect(outer[0]!.events.map((e) => e.raw)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `53ba33fd-3a50-4468-a5ef-c583635cfa92@${i * 10}`),
      '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8@120',
    ]);
  });

  it('does not fire when the successful login came before the burst completed', () => {
    const engine = new CorrelationEngine(load(bruteForceThenLogin, [failed, success]));
    for (let s = 0; s < 9; s++) expect(engine.observe(user(failed, s))).toEqual([]);
    expect(engine.observe(user(success, 10))).toEqual([]);
    expect(engine.observe(user(failed, 11)).map((m) => m.rule.name)).toEqual(['multiple_failed_login']);
  });

  it('fires a temporal correlation over two event_count correlations in the same call', () => {
    const resolved = load(
      [
        'title: Logins and exfiltration\nname: both\ncorrelation: { type: temporal, rules: [failures, downloads], group-by: [User], timespan: 1h }',
        'title: Failures\nname: failures\ncorrelation: { type: event_count, rules: [failed_login], group-by: [User, Host], timespan: 5m, condition: { gte: 3 } }',
        'title: Downloads\nname: downloads\ncorrelation: { type: event_count, rules: [large_download], group-by: [User], timespan: 5m, condition: { gte: 2 } }',
      ],
      [failed, download],
    );
    const engine = new CorrelationEngine(resolved);
    const names = (m: RuleMatch) => engine.observe(m).map((f) => f.rule.name);
    expect([0, 1].map((s) => names(user(download, s)))).toEqual([[], ['downloads']]);
    expect([2, 3].map((s) => names(user(failed, s, 'alice', 'ws2')))).toEqual([[], []]);
    expect(names(user(failed, 4, 'bob'))).toEqual([]);
    const last = engine.observe(user(failed, 60, 'alice', 'ws2'));
    expect(last.map(brief)).toEqual([
      { rule: 'failures', group: { User: 'alice', Host: 'ws2' }, value: 3 },
      { rule: 'both', group: { User: 'alice' }, value: 2 },
    ]);
  });

  it('does not fire the outer correlation when the inner ones are too far apart', () => {
    const resolved = load(
      [
        'title: both\nname: both\ncorrelation: { type: temporal, rules: [failures, downloads], group-by: [User], timespan: 1m }',
        'title: f\nname: failures\ncorrelation: { type: event_count, rules: [failed_login], group-by: [User], timespan: 1m, condition: { gte: 1 } }',
        'title: d\nname: downloads\ncorrelation: { type: event_count, rules: [large_download], group-by: [User], timespan: 1m, condition: { gte: 1 } }',
      ],
      [failed, download],
    );
    const engine = new CorrelationEngine(resolved);
    expect(engine.observe(user(failed, 0)).map((m) => m.rule.name)).toEqual(['failures']);
    expect(engine.observe(user(download, 61)).map((m) => m.rule.name)).toEqual(['downloads']);
  });

  it('leaves chaining to the caller in external mode, and accepts the fired correlation back', () => {
    const resolved = load(bruteForceThenLogin, [failed, success]);
    const engine = new CorrelationEngine(resolved, { chaining: 'external' });
    const inner = Array.from({ length: 10 }, (_, s) => engine.observe(user(failed, s))).flat();
    expect(inner).toHaveLength(1);
    expect(engine.observe(user(success, 20))).toEqual([]);
    const routedBack = JSON.parse(JSON.stringify(inner[0])) as CorrelationMatch;
    expect(engine.observe(routedBack).map((m) => m.rule.id)).toEqual([
      'b180ead8-d58f-40b2-ae54-c8940995b9b6',
    ]);
  });
});

describe('generate', () => {
  it('names the rules and inner correlations whose own alerts are to be held back', () => {
    const resolved = load(bruteForceThenLogin, [failed, success]);
    expect([...resolved.suppressedRuleIds].sort()).toEqual(
      [failed.id, success.id, 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41'].sort(),
    );
  });

  it('keeps them alerting with generate: true, while still correlating them', () => {
    const loud = bruteForceThenLogin.map((text) => `generate: true\n${text}`);
    const resolved = load(loud, [failed, success]);
    expect(resolved.suppressedRuleIds.size).toBe(0);
    const engine = new CorrelationEngine(resolved);
    for (let s = 0; s < 10; s++) engine.observe(user(failed, s));
    expect(engine.observe(user(success, 11))).toHaveLength(1);
  });
});
