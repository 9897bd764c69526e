import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigmaString, type SigmaString } from '../sigma/index.js';
import { compilePattern } from './pattern-test.js';

/** A reference implementation: the pattern as an anchored regular expression. */
function reference(pattern: SigmaString): RegExp {
  const source = pattern
    .map((token) => {
      switch (token.kind) {
        case 'text':
          return token.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        case 'star':
          return '[\\s\\S]*';
        case 'one':
          return '[\\s\\S]';
        case 'dash':
          return '[-/\u2013\u2014\u2015]';
        case 'placeholder':
          throw new Error('no placeholders here');
      }
    })
    .join('');
  return new RegExp(`^${source}$`);
}

describe('compiled value patterns', () => {
  it('handles the plain shapes', () => {
    const test = (raw: string, text: string): boolean => compilePattern(parseSigmaString(raw), false)(text);
    expect(test('abc', 'abc')).toBe(true);
    expect(test('abc', 'abcd')).toBe(false);
    expect(test('ab*', 'abxyz')).toBe(true);
    expect(test('*yz', 'abxyz')).toBe(true);
    expect(test('*bx*', 'abxyz')).toBe(true);
    expect(test('a*z', 'az')).toBe(true);
    expect(test('ab*ba', 'aba')).toBe(false);
    expect(test('*', '')).toBe(true);
    expect(test('', '')).toBe(true);
    expect(test('', 'a')).toBe(false);
    expect(test('a?c', 'abc')).toBe(true);
    expect(test('a?c', 'ac')).toBe(false);
    expect(test('*a*b*c*', 'xaxbxcx')).toBe(true);
    expect(test('*a*b*c*', 'xcxbxax')).toBe(false);
  });

  it('agrees with a regular-expression reference on random patterns', () => {
    const token = fc.oneof(
      fc.constantFrom('a', 'b', 'ab', 'ba', '-').map((text) => ({ kind: 'text' as const, text })),
      fc.constant({ kind: 'star' as const }),
      fc.constant({ kind: 'one' as const }),
      fc.constant({ kind: 'dash' as const }),
    );
    const text = fc
      .array(fc.constantFrom('a', 'b', '-', '/', '\u2013', 'c'), { maxLength: 12 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 7 }), text, (pattern, subject) => {
        expect(compilePattern(pattern, true)(subject)).toBe(reference(pattern).test(subject));
      }),
      { numRuns: 3000 },
    );
  });
});
