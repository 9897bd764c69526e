import { poly1305 as reference } from '@noble/ciphers/_poly1305.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poly1305 } from './poly1305.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/[\s:]/g, ''), 'hex'));
const tagOf = (msg: Uint8Array, key: Uint8Array): string => Buffer.from(poly1305(msg, key)).toString('hex');
const zeros = (n: number): string => '00'.repeat(n);
const ffs = (n: number): string => 'ff'.repeat(n);

describe('poly1305', () => {
  it('matches the RFC 8439 §2.5.2 example', () => {
    const key = hex(
      '85:d6:be:78:57:55:6d:33:7f:44:52:fe:42:d5:06:a8:01:03:80:8a:fb:0d:b2:fd:4a:bf:f6:af:41:49:f5:1b',
    );
    const msg = Buffer.from('Cryptographic Forum Research Group');
    expect(tagOf(msg, key)).toBe('a8061dc1305136c6c22b8baf0c0127a9');
  });

  // RFC 8439 appendix A.3: the cases that exercise the carries and the final reduction mod 2^130-5.
  const vectors: [string, string, string, string][] = [
    ['all zero', zeros(32), zeros(64), zeros(16)],
    ['h reaches p', '02' + zeros(31), ffs(16), '03' + zeros(15)],
    ['s wraps', '02' + zeros(15) + ffs(16), '02' + zeros(15), '03' + zeros(15)],
    ['carry chain', '01' + zeros(31), ffs(16) + 'f0' + ffs(15) + '11' + zeros(15), '05' + zeros(15)],
    ['result is p', '01' + zeros(31), ffs(16) + 'fb' + 'fe'.repeat(15) + '01'.repeat(16), zeros(16)],
    ['h near p', '02' + zeros(31), 'fd' + ffs(15), 'fa' + ffs(15)],
    [
      'limb overflow',
      '01' + zeros(7) + '04' + zeros(23),
      'e33594d7505e43b900000000000000003394d7505e4379cd01' + zeros(7) + zeros(16) + '01' + zeros(15),
      '14' + zeros(7) + '55' + zeros(7),
    ],
    [
      'limb overflow, three blocks',
      '01' + zeros(7) + '04' + zeros(23),
      'e33594d7505e43b900000000000000003394d7505e4379cd01' + zeros(7) + zeros(16),
      '13' + zeros(15),
    ],
  ];
  it.each(vectors)('matches RFC 8439 A.3: %s', (_name, key, msg, tag) => {
    expect(tagOf(hex(msg), hex(key))).toBe(tag);
  });

  it('agrees with @noble/ciphers on arbitrary keys, lengths and alignments', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: 3 }),
        (key, msg, shift) => {
          // An offset into a larger buffer exercises the unaligned path.
          const backing = new Uint8Array(msg.length + shift);
          backing.set(msg, shift);
          const view = backing.subarray(shift);
          expect(Buffer.from(poly1305(view, key))).toEqual(Buffer.from(reference(msg, key)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with @noble/ciphers when every limb is at its maximum', () => {
    const key = hex(ffs(32));
    for (const length of [16, 17, 64, 1000, 4096 + 15]) {
      const msg = new Uint8Array(length).fill(0xff);
      expect(Buffer.from(poly1305(msg, key))).toEqual(Buffer.from(reference(msg, key)));
    }
  });

  it('refuses a key of the wrong length', () => {
    expect(() => poly1305(new Uint8Array(1), new Uint8Array(31))).toThrow(RangeError);
  });
});
