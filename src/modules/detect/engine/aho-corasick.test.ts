import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';
import { CandidateSet } from './candidates.js';

function found(patterns: string[], text: string): number[] {
  const automaton = new AhoCorasick(
    patterns,
    patterns.map((_, i) => [i]),
  );
  const set = new CandidateSet(patterns.length);
  set.clear();
  automaton.scan(text, set);
  const out: number[] = [];
  for (let i = 0; i < set.size; i++) out.push(set.member(i));
  return out.sort((a, b) => a - b);
}

describe('Aho–Corasick', () => {
  it('finds every pattern that occurs, overlapping and nested ones included', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([0, 1, 3]);
    expect(found(['a', 'aa', 'aaa'], 'aa')).toEqual([0, 1]);
    expect(found(['abc', 'bcd', 'cde'], 'xxabcdexx')).toEqual([0, 1, 2]);
    expect(found(['\\cmd.exe', 'cmd', '.exe'], 'c:\\windows\\cmd.exe')).toEqual([0, 1, 2]);
    expect(found(['é', '日本'], 'x日本語é')).toEqual([0, 1]);
    expect(found(['abc'], '')).toEqual([]);
  });

  it('agrees with includes() on random patterns and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '\\', '.', 'é', 'Z', '0', '1', '2', '3', '4', '5', '6');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 40 }),
        fc.array(alphabet, { maxLength: 60 }),
        (patterns, chars) => {
          const text = chars.join('');
          const expected = patterns.map((p, i) => (text.includes(p) ? i : -1)).filter((i) => i >= 0);
          expect(found(patterns, text)).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reports each target of shared pattern text', () => {
    const automaton = new AhoCorasick(['x', 'x'], [[3], [5, 7]]);
    const set = new CandidateSet(8);
    set.clear();
    automaton.scan('..x..', set);
    expect([set.member(0), set.member(1), set.member(2)].sort()).toEqual([3, 5, 7]);
  });
});
