import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../../kernel/errors.js';
import type { RuleMatch } from '../../types.js';
import { load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';
import { keyOwner } from './partition.js';
import { loadScenario, scenarioStream } from './scenario.testkit.js';

const resolved = loadScenario();

function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof LifelineError ? error.code : 'not a LifelineError';
  }
}

describe('snapshot and restore', () => {
  it('continues after a restore exactly as if never interrupted', () => {
    fc.assert(
      fc.property(scenarioStream(120), fc.nat(), (matches, cut) => {
        const at = cut % (matches.length + 1);
        const uninterrupted = new CorrelationEngine(resolved);
        const expected = matches.flatMap((m) => uninterrupted.observe(m));
        const first = new CorrelationEngine(resolved);
        const before = matches.slice(0, at).flatMap((m) => first.observe(m));
        const second = CorrelationEngine.restore(resolved, viaJson(first.snapshot()));
        const after = matches.slice(at).flatMap((m) => second.observe(m));
        expect([...before, ...after]).toEqual(expected);
        expect(second.stats().entries).toBe(uninterrupted.stats().entries);
      }),
      { numRuns: 100 },
    );
  });

  it('hands groups over when the number of workers changes', () => {
    fc.assert(
      fc.property(
        scenarioStream(100),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (matches, cut, from, to) => {
          const at = cut % (matches.length + 1);
          const single = new CorrelationEngine(resolved, { chaining: 'external' });
          const expected = matches.flatMap((m) => single.observe(m));
          const owned = (n: number, i: number) => (key: string) => keyOwner(key, n) === i;
          const old = Array.from(
            { length: from },
            (_, i) => new CorrelationEngine(resolved, { ownsKey: owned(from, i) }),
          );
          const before = matches.slice(0, at).flatMap((m) => old.flatMap((e) => e.observe(m)));
          const snapshots = viaJson(old.map((e) => e.snapshot()));
          const next = Array.from({ length: to }, (_, i) =>
            CorrelationEngine.restore(resolved, snapshots, { ownsKey: owned(to, i) }),
          );
          const after = matches.slice(at).flatMap((m) => next.flatMap((e) => e.observe(m)));
          const key = (m: { rule: { id: string }; windowEnd: string; value: number }) =>
            `${m.rule.id} ${m.windowEnd} ${m.value}`;
          expect([...before, ...after].map(key).sort()).toEqual(expected.map(key).sort());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('snapshots only the groups asked for', () => {
    const r = rule('r1', 'a');
    const engine = new CorrelationEngine(
      load(
        [
          'title: t\ncorrelation: { type: event_count, rules: [a], group-by: [Host], timespan: 1m, condition: { gte: 9 } }',
        ],
        [r],
      ),
    );
    for (const Host of ['h1', 'h2', 'h3']) engine.observe(match(r, 0, { Host }));
    const some = engine.snapshot((key) => key.includes('"h2"'));
    expect(some.groups.map((g) => g.group)).toEqual([{ Host: 'h2' }]);
    expect(engine.snapshot().groups).toHaveLength(3);
  });

  it('leaves out groups of correlations that were removed, regrouped or lost a rule', () => {
    const a = rule('ra', 'a');
    const b = rule('rb', 'b');
    const text = (groupBy: string, rules: string) =>
      `title: t\nid: c1\ncorrelation: { type: temporal, rules: [${rules}], group-by: [${groupBy}], timespan: 1m }`;
    const engine = new CorrelationEngine(load([text('Host', 'a, b')], [a, b]));
    engine.observe(match(a, 0, { Host: 'h1', User: 'u' }));
    engine.observe(match(b, 70, { Host: 'h1', User: 'u' }));
    engine.observe(match(a, 71, { Host: 'h2', User: 'u' }));
    expect(engine.stats()).toMatchObject({ groups: 2, entries: 3, fired: 0 });
    const snapshot = viaJson(engine.snapshot());

    const regrouped = CorrelationEngine.restore(load([text('User', 'a, b')], [a, b]), snapshot);
    expect(regrouped.stats().groups).toBe(0);
    const removed = CorrelationEngine.restore(load([], [a, b]), snapshot);
    expect(removed.stats().groups).toBe(0);
    const narrowed = CorrelationEngine.restore(load([text('Host', 'a')], [a, b]), snapshot);
    expect(narrowed.stats()).toMatchObject({ groups: 2, entries: 2 });
  });

  it('applies the new caps to restored state', () => {
    const r = rule('r1', 'a');
    const resolvedOne = load(
      [
        'title: t\ncorrelation: { type: event_count, rules: [a], group-by: [Host], timespan: 1m, condition: { gte: 99 } }',
      ],
      [r],
    );
    const engine = new CorrelationEngine(resolvedOne);
    for (let s = 0; s < 5; s++) for (const Host of ['h1', 'h2', 'h3']) engine.observe(match(r, s, { Host }));
    const small = CorrelationEngine.restore(resolvedOne, engine.snapshot(), {
      maxGroups: 2,
      maxEntriesPerGroup: 2,
    });
    expect(small.stats()).toMatchObject({ groups: 2, entries: 4, evictedGroups: 1, evictedEntries: 9 });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a number', 3],
    ['another format', { format: 'x', version: 1, groups: [] }],
    ['a newer version', { format: 'lifeline.correlation-state', version: 2, groups: [] }],
    ['a group without entries', { format: 'lifeline.correlation-state', version: 1, groups: [{ key: 'k' }] }],
    [
      'an entry with a text time',
      {
        format: 'lifeline.correlation-state',
        version: 1,
        groups: [
          { key: 'k', correlation: 'c', group: {}, latest: 0, consumedUntil: null, entries: [{ t: 'x' }] },
        ],
      },
    ],
    ['a list with a bad snapshot', [{ format: 'lifeline.correlation-state', version: 1, groups: [] }, {}]],
  ])('refuses %s with DETECT_CORRELATION_SNAPSHOT_INVALID', (_label, snapshot) => {
    expect(codeOf(() => CorrelationEngine.restore(resolved, snapshot))).toBe(
      'DETECT_CORRELATION_SNAPSHOT_INVALID',
    );
  });

  it('either restores or refuses any mangled snapshot, never failing otherwise', () => {
    const engine = new CorrelationEngine(resolved);
    const [matches] = fc.sample(scenarioStream(60, 60), { numRuns: 1, seed: 3 });
    matches!.forEach((m: RuleMatch) => engine.observe(m));
    const good = viaJson(engine.snapshot()) as { groups: Record<string, unknown>[] };
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom('key', 'correlation', 'group', 'latest', 'consumedUntil', 'entries'),
        fc.anything(),
        (i, field, value) => {
          const groups = good.groups.map((g, n) =>
            n === i % good.groups.length ? { ...g, [field]: value } : g,
          );
          const code = codeOf(() => CorrelationEngine.restore(resolved, { ...good, groups }));
          expect([undefined, 'DETECT_CORRELATION_SNAPSHOT_INVALID']).toContain(code);
        },
      ),
    );
  });
});
