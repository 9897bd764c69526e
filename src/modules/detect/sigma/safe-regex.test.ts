import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.js';
import { MAX_REGEX_TEXT, regexRisk, regexTextLimit } from './safe-regex.js';

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

describe('safe-regex guard: polynomial shapes', () => {
  it('refuses long chains of repeats that can stop at the same characters', () => {
    // Each of these takes seconds on a few hundred characters in V8 (the first two on 80).
    for (const pattern of [
      'a*a*a*a*a*a*b',
      '.*a.*a.*a.*a.*a.*b',
      '.*a.*a.*a.*b',
      'a*a*a*a*b',
      '\\d+\\d+\\d+\\d+x',
      '[a-z]*[a-z]*[a-z]*[a-z]*!',
      '\\s*x?\\s*x?\\s*x?\\s*;',
      '(?:a|b)*a(?:a|b)*a(?:a|b)*a(?:a|b)*b',
      '(?=.*a.*a.*a.*b)x',
      // Bounded repeats chain too: each .{0,20} can stop at any of ten y (1.4 s on 100 characters).
      '(?:x.{0,20}y){6}z',
    ]) {
      expect(regexRisk(pattern, false), pattern).toMatch(/polynomial backtracking/);
    }
  });

  it('counts nested bounded repeats by the product of their bounds', () => {
    for (const pattern of [
      '(?:a{1,10}){1,10}',
      '(?:(?:a{1,3}){1,3}){1,3}',
      '((?:a{1,3}){1,3}b)+c',
      '(?:[a-z]{1,4}){4}x',
    ]) {
      expect(regexRisk(pattern, false), pattern).toMatch(/catastrophic backtracking/);
    }
    // Small products stay cheap, and a product only matters when the body can split text.
    for (const pattern of [
      '(?:a{1,3}){1,3}',
      '(?:\\d{1,3}\\.){3}\\d{1,3}',
      '(?:0[0-9]{1,11}\\.){3}',
      '(?:x.{1,5})?y',
    ]) {
      expect(regexRisk(pattern, false), pattern).toBeUndefined();
    }
  });

  it('refuses repeated back-references, inside a repeated group or quantified themselves', () => {
    for (const pattern of [
      '(\\w+)\\1+$',
      '(a)\\1*',
      '(a)\\1{2,}',
      '((\\w)\\2)+',
      '(?:(\\w)x\\1){3}',
      '(?<w>\\w+)\\k<w>+',
    ]) {
      expect(regexRisk(pattern, false), pattern).toMatch(/back-reference is repeated/);
    }
    for (const pattern of ['(\\w)\\1', '(a)\\1?', '(?<name>a)\\k<name>', '[\\1]+', '\\\\1+']) {
      expect(regexRisk(pattern, false), pattern).toBeUndefined();
    }
  });

  it('accepts the shapes of real Windows rules', () => {
    for (const pattern of [
      '\\$PSHome\\[\\s*\\d{1,3}\\s*\\]\\s*\\+\\s*\\$PSHome\\[',
      '\\$env:ComSpec\\[(\\s*\\d{1,3}\\s*,){2}',
      '^C:\\\\Users\\\\[^\\\\]+\\\\NTUSER\\.DAT$',
      'http[s]?://[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}',
      'HostId=[a-zA-Z0-9-]{36}\\s+EngineVersion=',
      '(Copy-Item|cpi) .{2,128} -Destination .{1,32}\\\\Windows\\\\(System32|SysWOW64)',
      '\\\\[^\\\\]{1,256}$',
      '\\.exe[\\"\\\']?\\s+[^\\"]{0,64}werfaultsecure\\.exe[\\"\\\']?\\s+\\d{2,10}',
      '\\w+`(?:\\w+|-|.)`[\\w+|\\s]',
      '"(?:\\{\\d\\})+"\\s*-f',
      '[Rr][Uu][Nn][Dd][Ll][Ll]32(?:\\.[Ee][Xx][Ee])? \\S+?\\w:\\S+?:',
      'cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$\\{?input\\}?|noexit).+"',
      'echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)',
      '(?:set).*&&\\s?set.*(?:environment|invoke|\\$\\{?input).*&&.*"',
      '\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{',
      '`.*`.*`.*`.*`',
      '.*\\\\foo.*\\\\bar.*',
      '.*a.*a.*b',
    ]) {
      expect(regexRisk(pattern, true), pattern).toBeUndefined();
    }
  });
});

describe('text limit of an accepted pattern', () => {
  it('leaves linear patterns the whole value', () => {
    for (const pattern of ['^[A-Za-z0-9]{16}$', '0x[a-fA-F0-9]{8}', '.{1000,}', '^\\w+:', '(.){200,}']) {
      expect(regexTextLimit(pattern, ''), pattern).toBe(MAX_REGEX_TEXT);
    }
  });

  it('shrinks as the chain of repeats grows, and less when separators are long', () => {
    const limits = ['a*b', '.*a.*b', '.*a.*a.*b'].map((pattern) => regexTextLimit(pattern, ''));
    expect(limits[0]).toBeGreaterThan(8 * 1024);
    expect(limits[1]).toBeLessThan(1024);
    expect(limits[2]).toBeLessThan(limits[1] as number);
    expect(regexTextLimit('.*\\\\foo.*\\\\bar.*x', '')).toBeGreaterThan(limits[2] as number);
    // A leading ^ anchors the search, unless the m flag lets it match after every line break.
    expect(regexTextLimit('^.*a.*a.*b', '')).toBe(limits[1]);
    expect(regexTextLimit('^.*a.*a.*b', 'm')).toBe(limits[2]);
  });

  it('gives a chain of one repeated separator nearly the whole field', () => {
    // Fourteen plus signs with anything between: a line with fewer offers few placements.
    const plus = `\\+${'.*\\+'.repeat(13)}`;
    expect(regexRisk(plus, false)).toBeUndefined();
    expect(regexTextLimit(plus, '')).toBeGreaterThanOrEqual(8 * 1024);
    // A different tail (here x, or the end of the text) makes every placement worth trying.
    expect(regexTextLimit(`${plus}x`, '')).toBeLessThan(256);
    expect(regexTextLimit(`${plus}$`, '')).toBeLessThan(256);
  });

  it('refuses, quickly, a pattern too intricate to judge', () => {
    // Thirty nested pairs would mean 2^30 paths through the unrolled repeats.
    const nested = `${'(?:x'.repeat(30)}\\s*y${'){2}'.repeat(30)}`;
    expect(regexRisk(nested, false)).toMatch(/too many nested repeats/);
  });

  it('is a length within bounds for any pattern it accepts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^(?:[ab.]|\\[dws]|[*+?]|\{1,20\}|\(\?:|\)|\||\^|\$){0,14}$/),
        (source) => {
          const limit = regexTextLimit(source, '');
          expect(Number.isInteger(limit) && limit >= 0 && limit <= MAX_REGEX_TEXT).toBe(true);
          if (regexRisk(source, false) === undefined) expect(limit).toBeGreaterThanOrEqual(128);
        },
      ),
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
