import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectType } from './detect-type.js';
import { randomSampleEntropy, shannonEntropy } from './entropy.js';
import { tempDir, writeFile } from './fixtures.testkit.js';
import { fingerprintFile, fingerprintOf } from './fingerprint-file.js';

const work = tempDir('fuzz');
afterAll(() => work.remove());

/** Arbitrary bytes, and bytes that begin like the formats the detector knows, to reach deeper. */
const prefixes = [
  'PK\x03\x04',
  '%PDF-',
  '\x89PNG\r\n\x1a\n',
  'RIFF\0\0\0\0WEBP',
  'MZ',
  'BM',
  '\x8c\x0d\x04',
  '\xc3\x0d\x04',
  'ID3',
  '\xff\xfb',
  '{',
  '<?xml',
  '\xef\xbb\xbf',
].map((prefix) => Buffer.from(prefix, 'latin1'));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 5000 }),
  fc
    .tuple(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 600 }))
    .map(([prefix, rest]) => new Uint8Array(Buffer.concat([prefix, rest]))),
);

describe('fingerprint fuzzing', () => {
  it('detectType never throws and always names a type', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const type = detectType(input);
        expect(typeof type).toBe('string');
        expect(type.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('entropy stays within [0, 8]', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const entropy = shannonEntropy(input);
        expect(entropy).toBeGreaterThanOrEqual(0);
        expect(entropy).toBeLessThanOrEqual(8);
        expect(randomSampleEntropy(input.length)).toBeLessThanOrEqual(8);
      }),
      { numRuns: 2000 },
    );
  });

  it('fingerprintOf and fingerprintFile agree and never throw on any content', () => {
    let index = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12000 }), (input) => {
        const path = writeFile(join(work.path, `f${index++}`), input);
        const fingerprint = fingerprintFile(path);
        const head = input.subarray(0, 4096);
        const tail = input.length <= 4096 ? head : input.subarray(input.length - 4096);
        expect(fingerprint).toEqual(fingerprintOf(input.length, head, tail));
      }),
      { numRuns: 200 },
    );
  });

  it('measures what it should at the edges', () => {
    expect(shannonEntropy(new Uint8Array(0))).toBe(0);
    expect(shannonEntropy(new Uint8Array(100).fill(7))).toBe(0);
    expect(shannonEntropy(Uint8Array.from({ length: 256 }, (_, i) => i))).toBe(8);
  });
});
