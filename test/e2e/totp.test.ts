import { describe, expect, it } from 'vitest';
import { decodeBase32, hotp, stepAt, totp } from './totp.js';

// RFC 6238 appendix B, SHA-1 column: key "12345678901234567890", 8 digits.
const rfcKey = Buffer.from('12345678901234567890', 'ascii');

describe('test TOTP helper', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(hotp(rfcKey, stepAt(59_000), 8)).toBe('94287082');
    expect(hotp(rfcKey, stepAt(1_111_111_109_000), 8)).toBe('07081804');
    expect(hotp(rfcKey, stepAt(20_000_000_000_000), 8)).toBe('65353130');
  });

  it('decodes base32 the way authenticator apps read it', () => {
    expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(rfcKey);
    expect(totp('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', stepAt(59_000))).toBe('287082');
    expect(() => decodeBase32('not*base32')).toThrow();
  });
});
