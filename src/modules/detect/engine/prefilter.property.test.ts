import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { EventFields, FieldValue } from '../types.js';
import { buildLoadedRules } from './compile-rules.js';
import { collectDocuments } from './collect-documents.js';
import { CompiledMatcher } from './matcher.js';

const FIELDS = ['Image', 'CommandLine', 'User', 'EventID', 'Tags'];
const PIECES = [
  'cmd',
  '.exe',
  'Power',
  'shell',
  '\\',
  '-enc',
  '/c',
  ' ',
  'ab',
  'é',
  'İ',
  'Σ',
  'ς',
  '4688',
  'x',
  'ǅ',
];

const text = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 4 })
  .chain((pieces) =>
    fc.constantFrom(pieces.join(''), pieces.join('').toUpperCase(), pieces.join('').toLowerCase()),
  );

const patternValue = fc
  .tuple(text, fc.constantFrom('', '*', '?'), text)
  .map(([a, wildcard, b]) => `${a}${wildcard}${b}`);

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** One `field|modifiers: value` entry of a search map. */
const entry = fc.oneof(
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.constantFrom(
      '',
      '|contains',
      '|startswith',
      '|endswith',
      '|windash|contains',
      '|cased',
      '|contains|cased',
      '|neq',
    ),
    patternValue,
  ),
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.constant('|contains|all'),
    fc.array(patternValue, { minLength: 2, maxLength: 3 }),
  ),
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.constantFrom('', '|contains'),
    fc.array(patternValue, { minLength: 1, maxLength: 4 }),
  ),
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.constantFrom('|re', '|re|i'),
    text.map((t) => `${escapeRegex(t)}.?x?`),
  ),
  fc.tuple(fc.constantFrom(...FIELDS), fc.constant('|exists'), fc.boolean()),
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.constant('|base64offset|contains'),
    fc.constantFrom('cmd', 'shell'),
  ),
  fc.tuple(fc.constantFrom(...FIELDS), fc.constant(''), fc.constant(null)),
);

const search = fc.oneof(
  fc
    .array(entry, { minLength: 1, maxLength: 3 })
    .map((entries) => Object.fromEntries(entries.map(([f, m, v]) => [f + m, v]))),
  fc.array(
    patternValue.filter((v) => v !== ''),
    { minLength: 1, maxLength: 3 },
  ),
);

const CONDITIONS = [
  's0',
  's0 and s1',
  's0 or s1',
  's0 and not s1',
  'not s0',
  '1 of s*',
  'all of s*',
  '(s0 or s1) and not s2',
  's0 and (s1 or not s2)',
];

const ruleDoc = fc
  .tuple(fc.array(search, { minLength: 3, maxLength: 3 }), fc.constantFrom(...CONDITIONS))
  .map(([searches, condition]) => ({ searches, condition }));

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  text,
  text.map((t) => Buffer.from(`zz${t}`).toString('base64')),
  fc.constantFrom(4688, 1, 0, true, null),
  fc.array(fc.oneof(text, fc.constant(null), fc.integer({ min: 0, max: 5000 })), { maxLength: 3 }),
);

const event: fc.Arbitrary<EventFields> = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS, 'Other'), fieldValue), { maxLength: 6 })
  .map((pairs) => Object.fromEntries(pairs));

describe('literal prefilter', () => {
  it('returns exactly the matches of a plain evaluation of every rule', () => {
    let matched = 0;
    let evaluated = 0;
    fc.assert(
      fc.property(
        fc.array(ruleDoc, { minLength: 1, maxLength: 12 }),
        fc.array(event, { minLength: 1, maxLength: 40 }),
        (rules, events) => {
          const text = rules
            .map(({ searches, condition }, i) =>
              stringify({
                title: `r${i}`,
                id: `rule-${i}`,
                logsource: { product: 'test' },
                detection: { s0: searches[0], s1: searches[1], s2: searches[2], condition },
              }),
            )
            .join('---\n');
          const { plan, loaded } = buildLoadedRules(collectDocuments([{ file: 'p.yml', text }], {}), {});
          const plain = new CompiledMatcher(plan, false);
          for (const fields of events) {
            const fast = loaded.matcher.match(fields).map((r) => r.id);
            const slow = plain.match(fields).map((r) => r.id);
            expect(fast, JSON.stringify(fields)).toEqual(slow);
            evaluated++;
            if (slow.length > 0) matched++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // The generators must produce matches often enough for the comparison to mean something.
    expect(matched / evaluated).toBeGreaterThan(0.1);
  });

  it('keeps case-sensitive values whose lowercase depends on context', () => {
    const text = [
      stringify({
        title: 'a',
        id: 'sigma',
        logsource: {},
        detection: { s: { 'A|cased': 'xΣ' }, condition: 's' },
      }),
      stringify({
        title: 'b',
        id: 'dotted',
        logsource: {},
        detection: { s: { 'B|contains|cased': 'İx' }, condition: 's' },
      }),
    ].join('---\n');
    const { plan, loaded } = buildLoadedRules(collectDocuments([{ file: 'p.yml', text }], {}), {});
    const plain = new CompiledMatcher(plan, false);
    for (const fields of [{ A: 'xΣ' }, { B: 'aİxb' }]) {
      expect(loaded.matcher.match(fields)).toHaveLength(1);
      expect(plain.match(fields)).toHaveLength(1);
    }
  });
});
