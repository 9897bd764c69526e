import { describe, expect, it } from 'vitest';
import { formatPolynomial, isIrreducible, parsePolynomial, randomPolynomial } from './polynomial.js';

describe('chunker polynomial', () => {
  it('classifies known polynomials', () => {
    expect(isIrreducible(0x3da3358b4dc173n)).toBe(true);
    expect(isIrreducible(0x2482734cacca49n)).toBe(true);
    for (const reducible of [0x38f1e565e288dfn, 0x30a8295b9d5c91n, 0x255f4350b962cbn, 0x3c8de80aaf5835n]) {
      expect(isIrreducible(reducible)).toBe(false);
    }
    // x^2 + x + 1 is irreducible; x^2 + 1 = (x + 1)^2 is not.
    expect(isIrreducible(0b111n)).toBe(true);
    expect(isIrreducible(0b101n)).toBe(false);
  });

  it('draws irreducible polynomials of degree 53', () => {
    for (let i = 0; i < 5; i++) {
      const p = randomPolynomial();
      expect(p >> 53n).toBe(1n);
      expect(isIrreducible(p)).toBe(true);
      expect(parsePolynomial(formatPolynomial(p))).toBe(p);
    }
  });

  it('rejects malformed text', () => {
    expect(parsePolynomial('0x12')).toBeNull();
    expect(parsePolynomial('')).toBeNull();
    expect(parsePolynomial('1'.repeat(17))).toBeNull();
  });
});
