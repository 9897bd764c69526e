import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorrelationMatch, RuleMatch } from '../../types.js';
import { match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';
import type { CorrelationInput } from './observation.js';
import { keyOwner, partitionKey } from './partition.js';
import { groupKey, planCorrelations } from './plan.js';
import { loadScenario, scenarioRules, scenarioStream } from './scenario.testkit.js';

const resolved = loadScenario();
const plan = planCorrelations(resolved);
const indexOf = (m: CorrelationMatch) => plan.byId.get(m.rule.id)!.index;
const idOf = (name: string) => resolved.correlations.find((c) => c.definition.name === name)!.definition.id;
const [r1, , r3] = scenarioRules as [
  (typeof scenarioRules)[0],
  (typeof scenarioRules)[0],
  (typeof scenarioRules)[0],
];

/**
 * N workers, each owning the keys that hash to it. Every input goes to the owners of its keys (or,
 * without routing, to all workers), and what fires is routed back in the same way.
 */
function partitioned(workers: number, matches: readonly RuleMatch[], routeByKey: boolean) {
  const engines = Array.from(
    { length: workers },
    (_, i) => new CorrelationEngine(resolved, { ownsKey: (key) => keyOwner(key, workers) === i }),
  );
  const route = (input: CorrelationInput): CorrelationMatch[] => {
    const owners = routeByKey
      ? [...new Set(partitionKey(input, plan).map((k) => keyOwner(k, workers)))]
      : engines.map((_, i) => i);
    // One input fires each correlation at most once; upstream first, as a single engine does.
    const fired = owners.flatMap((i) => engines[i]!.observe(input)).sort((a, b) => indexOf(a) - indexOf(b));
    return fired.flatMap((f) => [f, ...route(f)]);
  };
  return { fired: matches.flatMap(route), engines };
}

describe('partitioned correlation', () => {
  it('fires exactly what one engine fires, however many workers share the keys', () => {
    fc.assert(
      fc.property(
        scenarioStream(120),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (matches, workers, byKey) => {
          const single = new CorrelationEngine(resolved);
          const expected = matches.flatMap((m) => single.observe(m));
          const split = partitioned(workers, matches, byKey);
          expect(split.fired).toEqual(expected);
          const groups = split.engines.reduce((n, e) => n + e.stats().groups, 0);
          expect(groups).toBe(single.stats().groups);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('exercises every correlation of the scenario, chained and aliased ones included', () => {
    const [matches] = fc.sample(scenarioStream(400, 400), { numRuns: 1, seed: 7 });
    const single = new CorrelationEngine(resolved);
    const names = new Set(matches!.flatMap((m) => single.observe(m)).map((m) => m.rule.name));
    expect([...names].sort()).toEqual([
      'c_avg',
      'c_chain',
      'c_count',
      'c_p90',
      'c_pair',
      'c_pairs',
      'c_sum',
      'c_users',
    ]);
  });
});

describe('partitionKey', () => {
  it('gives one key per correlation the match can count towards', () => {
    const m = match(r1, 0, { Host: 'h1', User: 'alice', src: '10.0.0.1' });
    expect(partitionKey(m, resolved).sort()).toEqual(
      [
        groupKey(idOf('c_count'), ['h1']),
        groupKey(idOf('c_users'), ['h1']),
        groupKey(idOf('c_pair'), ['10.0.0.1']),
      ].sort(),
    );
  });

  it('gives no key where the match lacks the group-by or value field, or no correlation wants it', () => {
    expect(partitionKey(match(r3, 0, { Host: 'h1' }), plan)).toEqual([]);
    expect(partitionKey(match(rule('other'), 0, { Host: 'h1' }), plan)).toEqual([]);
  });

  it('spreads keys over owners deterministically', () => {
    expect(keyOwner('["c",1]', 4)).toBe(keyOwner('["c",1]', 4));
    const owners = new Set(Array.from({ length: 200 }, (_, i) => keyOwner(`["c","h${i}"]`, 4)));
    expect(owners).toEqual(new Set([0, 1, 2, 3]));
  });
});
