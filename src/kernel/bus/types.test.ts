import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typeMatches } from './types.js';

const token = fc.constantFrom('a', 'b', 'vault', 'alert', 'x-1', 'raised');
const type = fc.array(token, { minLength: 1, maxLength: 5 }).map((tokens) => tokens.join('.'));
const pattern = fc
  .tuple(fc.array(fc.oneof(token, fc.constant('*')), { minLength: 0, maxLength: 4 }), fc.boolean())
  .filter(([tokens, tail]) => tokens.length > 0 || tail)
  .map(([tokens, tail]) => [...tokens, ...(tail ? ['>'] : [])].join('.'));

/** An independent oracle: the NATS wildcard rules written as a regular expression. */
function oracle(p: string, t: string): boolean {
  const source = p
    .split('.')
    .map((part) =>
      part === '*' ? '[^.]+' : part === '>' ? '[^.]+(?:\\.[^.]+)*' : part.replace(/[-]/g, '\\-'),
    )
    .join('\\.');
  return new RegExp(`^${source}$`).test(t);
}

describe('typeMatches', () => {
  it('matches exact types only when equal', () => {
    expect(typeMatches('detect.alert.raised', 'detect.alert.raised')).toBe(true);
    expect(typeMatches('detect.alert.raised', 'detect.alert.cleared')).toBe(false);
    expect(typeMatches('detect.alert', 'detect.alert.raised')).toBe(false);
    expect(typeMatches('detect.alert.raised', 'detect.alert')).toBe(false);
  });

  it('matches * as exactly one level', () => {
    expect(typeMatches('detect.alert.*', 'detect.alert.raised')).toBe(true);
    expect(typeMatches('detect.*.raised', 'detect.alert.raised')).toBe(true);
    expect(typeMatches('detect.alert.*', 'detect.alert')).toBe(false);
    expect(typeMatches('detect.alert.*', 'detect.alert.raised.again')).toBe(false);
  });

  it('matches > as one or more further levels', () => {
    expect(typeMatches('vault.>', 'vault.backup.done')).toBe(true);
    expect(typeMatches('vault.>', 'vault.x')).toBe(true);
    expect(typeMatches('vault.>', 'vault')).toBe(false);
    expect(typeMatches('vault.>', 'vaults.x')).toBe(false);
    expect(typeMatches('>', 'anything.at.all')).toBe(true);
  });

  it('agrees with the NATS wildcard rules for any pattern and type', () => {
    fc.assert(
      fc.property(pattern, type, (p, t) => typeMatches(p, t) === oracle(p, t)),
      { numRuns: 2000 },
    );
  });

  it('matches every type with itself, with > and with one level replaced by *', () => {
    fc.assert(
      fc.property(type, fc.nat(), (t, at) => {
        const tokens = t.split('.');
        tokens[at % tokens.length] = '*';
        return typeMatches(t, t) && typeMatches('>', t) && typeMatches(tokens.join('.'), t);
      }),
    );
  });
});
