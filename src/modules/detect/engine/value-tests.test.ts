import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatchSpec } from '../sigma/index.js';
import { regexTextLimit } from '../sigma/safe-regex.js';
import { textTests } from './value-tests.js';

function regexTest(source: string, flags = ''): (text: string) => boolean {
  const match: MatchSpec = { kind: 'regex', values: [{ source, flags }] };
  return (textTests(match, true, false, new Map()) as { any: (text: string) => boolean }).any;
}

describe('regular expressions on long values', () => {
  it('searches only as much text as the pattern can afford', () => {
    const test = regexTest('.*a.*a.*b');
    const limit = regexTextLimit('.*a.*a.*b', '');
    expect(limit).toBeLessThan(1024);
    // 200 000 characters: on the whole value this search would run for days; the cut keeps it
    // to milliseconds (no timing is asserted, a regression shows as a hung test).
    expect(test('a'.repeat(200_000))).toBe(false);
    expect(test(`aab${'a'.repeat(200_000)}`)).toBe(true);
    // A match wholly past the cut is missed: the documented price of the cut.
    expect(test(`${'x'.repeat(limit)}aab`)).toBe(false);
  });

  it('lets linear patterns see the whole field', () => {
    expect(regexTest('.{1000,}')('x'.repeat(64 * 1024))).toBe(true);
    expect(regexTest('^C:\\\\Users\\\\')(`C:\\Users\\${'x'.repeat(60_000)}`)).toBe(true);
  });

  it('never counts a match that needs the end of the text or what follows the cut', () => {
    const limit = regexTextLimit('.*a.*a.*b$', '');
    const cut = (tail: string): string => `aa${'x'.repeat(limit - 3)}b${tail}`;
    expect(regexTest('.*a.*a.*b$')(cut('zzz'))).toBe(false);
    expect(regexTest('.*a.*a.*b\\b')(cut('c'.repeat(10)))).toBe(false);
    expect(regexTest('.*a.*a.*b(?=c)')(`aab${'c'.repeat(limit)}`)).toBe(false);
    // Before the cut, $ and \b read the same text as in the whole value.
    expect(regexTest('.*a.*a.*b\\b')(`aab ${'x'.repeat(limit)}`)).toBe(true);
  });

  it('matches a long value only if the whole value matches (checked on random values)', () => {
    const patterns = ['.*a.*a.*b', '.*a.*a.*b$', '.*a.*a.*b\\b', '(?:^|c).*a.*a.*b', 'a.*b.*a.*c(?!a)'];
    const chars = fc.constantFrom('a', 'b', 'c', ' ', '\n', 'x');
    for (const source of patterns) {
      const test = regexTest(source, 'm');
      const limit = regexTextLimit(source, 'm');
      // Values that run just past the cut, where a match in the head may not be one in the whole.
      const head = fc.string({ unit: chars, minLength: limit - 6, maxLength: limit });
      const tail = fc.string({ unit: chars, minLength: 1, maxLength: 12 });
      fc.assert(
        fc.property(head, tail, (start, end) => {
          const text = start + end;
          if (test(text)) expect(new RegExp(source, 'm').test(text), source).toBe(true);
        }),
        { numRuns: 300 },
      );
    }
  });
});
