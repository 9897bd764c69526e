import { describe, expect, it } from 'vitest';
import { compile, matcherFor, problemsFor, rule } from './engine.testkit.js';

const SEARCHES = `a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\n`;
const events = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({
  A: bits & 1 ? 1 : 0,
  B: bits & 2 ? 1 : 0,
  C: bits & 4 ? 1 : 0,
}));

function truthTable(condition: string): string {
  const m = matcherFor(`${SEARCHES}condition: ${condition}`);
  return events.map((event) => (m(event) ? '1' : '0')).join('');
}

function expected(fn: (a: boolean, b: boolean, c: boolean) => boolean): string {
  return events.map((e) => (fn(e.A === 1, e.B === 1, e.C === 1) ? '1' : '0')).join('');
}

describe('conditions', () => {
  it('and, or, not', () => {
    expect(truthTable('a and b')).toBe(expected((a, b) => a && b));
    expect(truthTable('a or b')).toBe(expected((a, b) => a || b));
    expect(truthTable('not a')).toBe(expected((a) => !a));
  });

  it('follows the precedence or < and < not', () => {
    expect(truthTable('a or b and c')).toBe(expected((a, b, c) => a || (b && c)));
    expect(truthTable('a and b or c')).toBe(expected((a, b, c) => (a && b) || c));
    expect(truthTable('not a and b')).toBe(expected((a, b) => !a && b));
    expect(truthTable('not a or b')).toBe(expected((a, b) => !a || b));
  });

  it('lets parentheses group', () => {
    expect(truthTable('(a or b) and c')).toBe(expected((a, b, c) => (a || b) && c));
    expect(truthTable('not (a and b)')).toBe(expected((a, b) => !(a && b)));
    expect(truthTable('a and (not (b or c))')).toBe(expected((a, b, c) => a && !(b || c)));
  });

  it('1 of / all of patterns and them', () => {
    const m = matcherFor(
      `selection_a:\n  A: 1\nselection_b:\n  B: 1\nfilter_c:\n  C: 1\ncondition: 1 of selection_* and not all of filter_*`,
    );
    expect(m({ A: 1 })).toBe(true);
    expect(m({ B: 1 })).toBe(true);
    expect(m({ A: 1, C: 1 })).toBe(false);
    const all = matcherFor(`${SEARCHES}condition: all of them`);
    expect(all({ A: 1, B: 1, C: 1 })).toBe(true);
    expect(all({ A: 1, B: 1 })).toBe(false);
    const one = matcherFor(`${SEARCHES}condition: 1 of them`);
    expect(one({ C: 1 })).toBe(true);
    expect(one({})).toBe(false);
  });

  it('leaves _ identifiers out of them', () => {
    const m = matcherFor(`sel:\n  A: 1\n_helper:\n  B: 1\ncondition: all of them`);
    expect(m({ A: 1 })).toBe(true);
  });

  it('ORs a condition given as a list', () => {
    const m = matcherFor(`${SEARCHES}condition:\n  - a and b\n  - c`);
    expect(events.map((e) => (m(e) ? '1' : '0')).join('')).toBe(expected((a, b, c) => (a && b) || c));
  });

  it('reports unknown identifiers and broken conditions as problems with their line', () => {
    expect(problemsFor(`${SEARCHES}condition: a and d`)).toEqual([
      'condition refers to unknown search identifier "d"',
    ]);
    expect(problemsFor(`${SEARCHES}condition: a and (b`)).toEqual(['missing ")" in condition']);
    const loaded = compile(rule(`${SEARCHES}condition: nope`));
    expect(loaded.problems[0]).toMatchObject({
      file: 'inline.yml',
      line: 12,
      ruleId: 'test-rule',
      title: 'Test rule',
    });
    expect(loaded.rules).toHaveLength(0);
  });
});
