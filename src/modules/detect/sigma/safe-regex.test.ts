import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.js';
import { regexRisk } from './safe-regex.js';

describe('safe-regex guard', () => {
  it('refuses nested quantifiers that can split text in many ways', () => {
    for (const pattern of [
      '(a+)+',
      '(a*)*b',
      '(.*,)+x',
      '(\\w+\\s?)+$',
      '([a-z]+[0-9]*)+!',
      '(?:.*\\)){1,}"',
      '(a{2,5})+b',
    ]) {
      expect(regexRisk(pattern, false), pattern).toMatch(/catastrophic backtracking/);
    }
  });

  it('refuses repeated alternatives that overlap', () => {
    for (const pattern of ['(a|a)*b', '(a|ab)+c', '(\\w|\\d)+x', '(x|[a-z])*!']) {
      expect(regexRisk(pattern, false), pattern).toMatch(/alternatives that can match the same text/);
    }
  });

  it('folds case when the expression ignores it', () => {
    expect(regexRisk('(A|a)+b', false)).toBeUndefined();
    expect(regexRisk('(A|a)+b', true)).toMatch(/alternatives/);
  });

  it('accepts the patterns real rules use', () => {
    for (const pattern of [
      '(\\s+-\\w+)+',
      '([a-z0-9]+\\.)+com',
      '\\+.*\\+.*\\+.*\\+.*\\+.*\\+',
      '([0-9a-fA-F]{2}\\s?){2,20}',
      'https?://(?:0[0-9]{1,11}\\.){3}0[0-9]{1,11}',
      '(?:(?:25[0-5]|(?:2[0-4]|1\\d|[1-9])?\\d)(?:\\.|\\b)){4}',
      '\\\\[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}\\.txt$',
      '(\\\\|/)+',
      '[^\\]]+\\]',
      '(?<name>a)\\k<name>',
      '(?=a)(?!b)(?<=c)(?<!d)x',
    ]) {
      expect(regexRisk(pattern, false), pattern).toBeUndefined();
    }
  });

  it('reports what it cannot read instead of throwing', () => {
    expect(regexRisk('(abc', false)).toMatch(/cannot read/);
    expect(regexRisk('[abc', false)).toMatch(/cannot read/);
    expect(regexRisk('a)', false)).toMatch(/cannot read/);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (source) => {
        const risk = regexRisk(source, false);
        expect(risk === undefined || typeof risk === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('literals a regular expression needs', () => {
  it('finds the longest literal run of a sequence', () => {
    expect(regexLiterals('\\w+`(?:\\w+|-|.)`', false)).toEqual(['`']);
    expect(regexLiterals('ipconfig\\s+/all', false)).toEqual(['ipconfig']);
    expect(regexLiterals('^cmd\\.exe /c', false)).toEqual(['cmd.exe /c']);
  });

  it('needs one literal of every alternative, and nothing from optional parts', () => {
    expect(regexLiterals('(?:abc|defg)\\d', false)).toEqual(['abc', 'defg']);
    expect(regexLiterals('(?:abc|\\d+)', false)).toBeNull();
    expect(regexLiterals('(abc)?', false)).toBeNull();
    expect(regexLiterals('x*', false)).toBeNull();
  });

  it('lowercases and keeps ASCII only', () => {
    expect(regexLiterals('PowerShell', false)).toEqual(['powershell']);
    expect(regexLiterals('aé', false)).toEqual(['a']);
  });

  it('gives literals every match contains (checked on random matches)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-c]{0,3}(x|yz)[a-c]{0,3}$/), (text) => {
        const needed = regexLiterals('[a-c]*(?:x|yz)[a-c]*', false) ?? [];
        expect(needed.some((literal) => text.toLowerCase().includes(literal))).toBe(true);
      }),
    );
  });
});
