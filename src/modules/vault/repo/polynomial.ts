import { randomBytes } from 'node:crypto';

/**
 * Polynomials over GF(2) as bit masks (bit i = coefficient of x^i). The repository config must carry
 * an irreducible degree-53 polynomial: restic checks it when it opens a repository, even though this
 * code base chunks with a different algorithm.
 */
const ONE = 1n;
const X = 2n;

function degree(p: bigint): number {
  return p === 0n ? -1 : p.toString(2).length - 1;
}

function mod(a: bigint, m: bigint): bigint {
  const dm = degree(m);
  let r = a;
  for (let d = degree(r); d >= dm; d = degree(r)) r ^= m << BigInt(d - dm);
  return r;
}

/** a·b mod m, with a and b already reduced; each step keeps the degree below deg(m) + 1. */
function mulMod(a: bigint, b: bigint, m: bigint): bigint {
  const top = ONE << BigInt(degree(m));
  let result = 0n;
  for (let i = degree(b); i >= 0; i--) {
    result <<= ONE;
    if (result & top) result ^= m;
    if ((b >> BigInt(i)) & ONE) result ^= a;
  }
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, mod(x, y)];
  return x;
}

/** Ben-Or's test: p is irreducible when gcd(p, x^(2^i) − x) = 1 for every i up to deg(p)/2. */
export function isIrreducible(p: bigint): boolean {
  const d = degree(p);
  if (d < 1) return false;
  let power = mod(X, p);
  for (let i = 1; i <= Math.floor(d / 2); i++) {
    power = mulMod(power, power, p);
    if (gcd(p, mod(power ^ X, p)) !== ONE) return false;
  }
  return true;
}

/** Draws random degree-53 polynomials with a constant term until one is irreducible, as restic does. */
export function randomPolynomial(): bigint {
  for (let tries = 0; tries < 1_000_000; tries++) {
    let candidate = randomBytes(8).readBigUInt64LE() & ((ONE << 54n) - ONE);
    candidate |= (ONE << 53n) | ONE;
    if (isIrreducible(candidate)) return candidate;
  }
  throw new Error('no irreducible polynomial found');
}

/** Hex without prefix, the JSON form of restic's polynomial. */
export function formatPolynomial(p: bigint): string {
  return p.toString(16);
}

export function parsePolynomial(text: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) return null;
  return BigInt(`0x${text}`);
}
