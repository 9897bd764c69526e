import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCorrelation } from './parse.js';

const where = { file: 'fuzz.yml', line: 1 };

function checkResult(doc: unknown): void {
  const result = parseCorrelation(doc, where);
  if (result.ok) {
    expect(result.correlation.timespanMs).toBeGreaterThan(0);
    expect(result.correlation.rules.length).toBeGreaterThan(0);
    expect(Object.keys(result.correlation.condition).length).toBeGreaterThan(0);
  } else {
    expect(result.problem.reason.length).toBeGreaterThan(0);
    expect(result.problem.file).toBe(where.file);
  }
}

const valid = {
  title: 'fuzzed',
  id: 'c1',
  name: 'fuzzed',
  level: 'high',
  correlation: {
    type: 'value_count',
    rules: ['a', 'b'],
    'group-by': ['Host', 'ip'],
    timespan: '10m',
    condition: { field: 'User', gte: 3 },
    aliases: { ip: { a: 'src', b: 'dst' } },
  },
};

/** Something like YAML can produce: maps, lists, scalars, and keys that collide with Object's own. */
const yamlish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom('1h', '0s', 'gte', 'field', '__proto__', 'constructor', 'event_count', 'temporal'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'gt', 'field')),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

function setPath(doc: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const map = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : {};
  return { ...map, [head]: setPath((map as Record<string, unknown>)[head], rest, value) };
}

const paths: readonly (readonly string[])[] = [
  ['title'],
  ['id'],
  ['level'],
  ['status'],
  ['tags'],
  ['generate'],
  ['correlation'],
  ['correlation', 'type'],
  ['correlation', 'rules'],
  ['correlation', 'group-by'],
  ['correlation', 'timespan'],
  ['correlation', 'condition'],
  ['correlation', 'condition', 'field'],
  ['correlation', 'condition', 'gte'],
  ['correlation', 'condition', 'percentile'],
  ['correlation', 'aliases'],
  ['correlation', 'aliases', 'ip'],
  ['correlation', 'aliases', 'ip', 'a'],
];

describe('parseCorrelation fuzz', () => {
  it('accepts the unmutated document', () => {
    expect(parseCorrelation(valid, where).ok).toBe(true);
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), yamlish), (doc) => {
        checkResult(doc);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws when any part of a valid document is replaced', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), yamlish), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const doc = edits.reduce<unknown>((d, [path, value]) => setPath(d, path, value), valid);
          checkResult(doc);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on documents with prototype-named keys', () => {
    const doc = JSON.parse(
      '{"title":"t","correlation":{"type":"temporal","rules":["a"],"timespan":"1m","__proto__":{"x":1}}}',
    );
    const result = parseCorrelation(doc, where);
    expect(result.ok).toBe(false);
  });
});
