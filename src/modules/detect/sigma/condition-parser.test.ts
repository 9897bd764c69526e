import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCondition, starGlobMatches } from './condition-parser.js';
import { SigmaProblem } from './problem.js';
import type { Condition } from './rule-model.js';

const NAMES = [
  'selection',
  'selection_img',
  'selection_cli',
  'filter_main_a',
  'filter_main_b',
  'keywords',
  '_hidden',
];

/** The condition as a fully parenthesised string, to make precedence visible. */
function show(condition: Condition): string {
  switch (condition.kind) {
    case 'ref':
      return condition.name;
    case 'not':
      return `not(${show(condition.item)})`;
    case 'and':
    case 'or':
      return `${condition.kind}(${condition.items.map(show).join(', ')})`;
  }
}

const parse = (text: string): string => show(parseCondition(text, NAMES));

function reason(text: string): string {
  try {
    parseCondition(text, NAMES);
    return 'accepted';
  } catch (error) {
    if (error instanceof SigmaProblem) return error.reason;
    throw error;
  }
}

describe('condition parser', () => {
  it('reads a single identifier', () => {
    expect(parse('selection')).toBe('selection');
  });

  it('binds and tighter than or, and not tighter than and', () => {
    expect(parse('selection or keywords and not filter_main_a')).toBe(
      'or(selection, and(keywords, not(filter_main_a)))',
    );
    expect(parse('not selection and keywords')).toBe('and(not(selection), keywords)');
  });

  it('lets parentheses override precedence', () => {
    expect(parse('(selection or keywords) and filter_main_a')).toBe(
      'and(or(selection, keywords), filter_main_a)',
    );
    expect(parse('not (selection or keywords)')).toBe('not(or(selection, keywords))');
  });

  it('binds "x of" tighter than not', () => {
    expect(parse('selection and not 1 of filter_main_*')).toBe(
      'and(selection, not(or(filter_main_a, filter_main_b)))',
    );
  });

  it('expands 1 of / all of patterns', () => {
    expect(parse('all of selection_*')).toBe('and(selection_img, selection_cli)');
    expect(parse('1 of selection*')).toBe('or(selection, selection_img, selection_cli)');
    expect(parse('all of selection_img')).toBe('selection_img');
  });

  it('leaves identifiers starting with _ out of "them" and out of patterns that do not ask for them', () => {
    expect(parse('1 of them')).toBe(
      'or(selection, selection_img, selection_cli, filter_main_a, filter_main_b, keywords)',
    );
    expect(parse('all of *')).not.toContain('_hidden');
    expect(parse('1 of _hid*')).toBe('_hidden');
    expect(parse('_hidden')).toBe('_hidden');
  });

  it('reads keywords in any case and cancels double negation', () => {
    expect(parse('selection AND NOT keywords')).toBe('and(selection, not(keywords))');
    expect(parse('not not selection')).toBe('selection');
    expect(parse('ALL OF selection_* Or keywords')).toBe('or(and(selection_img, selection_cli), keywords)');
  });

  it('refuses unknown identifiers, dangling operators and bad quantifiers with a reason', () => {
    expect(reason('selection and unknown')).toBe('condition refers to unknown search identifier "unknown"');
    expect(reason('selection and')).toBe('condition ends where a search identifier was expected');
    expect(reason('and selection')).toBe('"and" where a search identifier was expected');
    expect(reason('(selection')).toBe('missing ")" in condition');
    expect(reason('selection)')).toBe('unexpected ")" in condition');
    expect(reason('selection keywords')).toBe('unexpected "keywords" in condition');
    expect(reason('2 of selection*')).toMatch(/use "1 of" or "all of"/);
    expect(reason('1 of nothing*')).toBe('pattern "nothing*" matches no search identifier');
    expect(reason('1 of')).toMatch(/needs a pattern/);
    expect(reason('')).toBe('condition is empty');
    expect(reason('selection | count() > 5')).toMatch(/correlation rule/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(reason(`${'('.repeat(500)}selection${')'.repeat(500)}`)).toMatch(/nests deeper/);
    expect(reason(`${'not '.repeat(4_000)}selection`)).toBe('accepted');
  });

  it('never throws anything but a problem, on any input', () => {
    const word = fc.constantFrom(
      'and',
      'or',
      'not',
      '(',
      ')',
      '1',
      'all',
      'of',
      'them',
      '*',
      ...NAMES,
      'sel*',
      'x',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.array(word, { maxLength: 40 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          parseCondition(input, NAMES);
        } catch (error) {
          expect(error).toBeInstanceOf(SigmaProblem);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('globs identifiers with * only, in linear time', () => {
    expect(starGlobMatches('sel*', 'selection')).toBe(true);
    expect(starGlobMatches('*_img', 'selection_img')).toBe(true);
    expect(starGlobMatches('s*l*n', 'selection')).toBe(true);
    expect(starGlobMatches('sel?', 'sel1')).toBe(false);
    expect(starGlobMatches('*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    fc.assert(
      fc.property(fc.stringMatching(/^[ab*]{0,8}$/), fc.stringMatching(/^[ab]{0,10}$/), (pattern, name) => {
        const regex = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`);
        expect(starGlobMatches(pattern, name)).toBe(regex.test(name));
      }),
    );
  });
});
