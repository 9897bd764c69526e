import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  newTotpSecret,
  otpauthUrl,
  timeStep,
  totpAt,
  verifyTotp,
} from './totp.js';

// RFC 6238 appendix B, SHA-1 column: the 8-digit values reduced to our 6 digits (the same HOTP
// truncation taken mod 10^6 instead of mod 10^8).
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('totpAt', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 at T=%i', (seconds, eightDigits) => {
    const expected = String(Number(eightDigits) % 1_000_000).padStart(6, '0');
    expect(totpAt(RFC_SECRET, timeStep(new Date(seconds * 1000)))).toBe(expected);
  });

  it('encodes the RFC secret as the base32 string authenticator apps are given', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
});

describe('verifyTotp', () => {
  const at = new Date(1111111111 * 1000);
  const now = timeStep(at);

  it('accepts the current code and one step of drift either way, returning the matched step', () => {
    for (const step of [now - 1, now, now + 1]) {
      expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, step), at, 0)).toBe(step);
    }
  });

  it('refuses codes two steps away', () => {
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 2), at, 0)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 2), at, 0)).toBeNull();
  });

  it('refuses a step already used and any earlier one, so a seen code cannot be replayed', () => {
    const code = totpAt(RFC_SECRET, now);
    expect(verifyTotp(RFC_SECRET, code, at, now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 1), at, now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 1), at, now)).toBe(now + 1);
  });

  it('refuses anything that is not exactly six digits', () => {
    const code = totpAt(RFC_SECRET, now);
    for (const bad of ['', `${code}0`, code.slice(1), ` ${code}`, 'abcdef', '12345x']) {
      expect(verifyTotp(RFC_SECRET, bad, at, 0)).toBeNull();
    }
  });
});

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as the RFC 4648 vector %j without padding', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(`${encoded}======`).toString()).toBe(text);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = base32Encode(Buffer.from(bytes));
        expect(encoded).toMatch(/^[A-Z2-7]*$/);
        expect([...base32Decode(encoded)]).toEqual([...bytes]);
        // People type secrets in lower case and with spaces.
        expect([...base32Decode(encoded.toLowerCase().replace(/(.{4})/g, '$1 '))]).toEqual([...bytes]);
      }),
    );
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow('not base32');
    expect(() => base32Decode('MZX!')).toThrow('not base32');
  });
});

describe('secrets and enrolment URLs', () => {
  it('makes 160-bit secrets that differ each time', () => {
    const a = newTotpSecret();
    expect(base32Decode(a)).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('builds an otpauth URL that names the issuer, account and parameters', () => {
    const url = new URL(otpauthUrl('JBSWY3DPEHPK3PXP', 'nurse@ward'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Lifeline:nurse@ward');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Lifeline',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
