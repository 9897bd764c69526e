import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverPattern, toSubject, typeFromSubject } from './subjects.js';
import { typeMatches } from './types.js';

const token = fc.constantFrom('a', 'b', 'c', 'vault');
const type = fc.array(token, { minLength: 1, maxLength: 4 }).map((tokens) => tokens.join('.'));
const pattern = fc
  .tuple(fc.array(fc.oneof(token, fc.constant('*')), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([tokens, tail]) => [...tokens, ...(tail ? ['>'] : [])].join('.'));

describe('subjects', () => {
  it('puts event types under the prefix and back', () => {
    expect(toSubject('lifeline', 'detect.alert.raised')).toBe('lifeline.detect.alert.raised');
    expect(typeFromSubject('lifeline', 'lifeline.detect.alert.raised')).toBe('detect.alert.raised');
    expect(typeFromSubject('lifeline', 'other.detect.alert.raised')).toBeNull();
    expect(typeFromSubject('lifeline', 'lifelinex.a')).toBeNull();
  });

  it('covers several patterns with their narrowest common family', () => {
    expect(coverPattern(['a.b.c'])).toBe('a.b.c');
    expect(coverPattern(['a.b.c', 'a.b.c'])).toBe('a.b.c');
    expect(coverPattern(['vault.backup.done', 'vault.restore.done'])).toBe('vault.>');
    expect(coverPattern(['a.b', 'a.b.c'])).toBe('a.>');
    expect(coverPattern(['a.b.*', 'a.b.c.d'])).toBe('a.b.>');
    expect(coverPattern(['x.y.z', 'a.b.*'])).toBe('>');
  });

  it('never leaves out a type that one of the patterns selects', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), type, (patterns, t) => {
        const selected = patterns.some((p) => typeMatches(p, t));
        return !selected || typeMatches(coverPattern(patterns), t);
      }),
      { numRuns: 3000 },
    );
  });
});
