import fc from 'fast-check';
import type { RuleMatch } from '../../types.js';
import { load, match, rule } from './correlation.testkit.js';

/** A mix of every correlation type, aliases and two levels of chaining, for stream-level properties. */
export const scenarioRules = [rule('r1', 'logon_failed'), rule('r2', 'logon_ok'), rule('r3', 'upload')];

export const scenarioDefinitions = [
  'title: count\nname: c_count\ncorrelation: { type: event_count, rules: [logon_failed], group-by: [Host], timespan: 30s, condition: { gte: 3 } }',
  'title: users\nname: c_users\ncorrelation: { type: value_count, rules: [logon_failed, logon_ok], group-by: [Host], timespan: 1m, condition: { field: User, gte: 2 } }',
  'title: sum\nname: c_sum\ncorrelation: { type: value_sum, rules: [upload], group-by: [User], timespan: 1m, condition: { field: bytes, gt: 100 } }',
  'title: avg\nname: c_avg\ncorrelation: { type: value_avg, rules: [upload], group-by: [Host], timespan: 20s, condition: { field: bytes, lt: 20 } }',
  'title: p90\nname: c_p90\ncorrelation: { type: value_percentile, rules: [upload], group-by: [Host], timespan: 20s, condition: { field: bytes, percentile: 90, gte: 75 } }',
  'title: pair\nname: c_pair\ncorrelation: { type: temporal, rules: [logon_failed, logon_ok], group-by: [ip], timespan: 20s, aliases: { ip: { logon_failed: src, logon_ok: dst } } }',
  'title: chain\nname: c_chain\ncorrelation: { type: temporal_ordered, rules: [c_count, c_sum], group-by: [Host], timespan: 2m }',
  'title: pairs\nname: c_pairs\ncorrelation: { type: event_count, rules: [c_pair], timespan: 5m, condition: { gte: 2 } }',
];

export function loadScenario() {
  return load(scenarioDefinitions, scenarioRules);
}

const step = fc.record({
  rule: fc.constantFrom(...scenarioRules),
  advanceMs: fc.integer({ min: 0, max: 8_000 }),
  lateMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25_000 })),
  Host: fc.constantFrom('h1', 'h2', 'h3'),
  User: fc.constantFrom('alice', 'bob', 'carol'),
  src: fc.constantFrom('10.0.0.1', '10.0.0.2'),
  dst: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3'),
  bytes: fc.integer({ min: 0, max: 80 }),
});

/** A stream of matches on a clock that moves forward, some stamped up to 25 s in the past. */
export function scenarioStream(maxLength: number, minLength = 1): fc.Arbitrary<RuleMatch[]> {
  return fc.array(step, { minLength, maxLength }).map((steps) => {
    let clock = 0;
    return steps.map((s) => {
      clock += s.advanceMs;
      const { Host, User, src, dst, bytes } = s;
      return match(s.rule, (clock - s.lateMs) / 1000, { Host, User, src, dst, bytes });
    });
  });
}
