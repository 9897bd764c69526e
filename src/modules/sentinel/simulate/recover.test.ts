import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE64_PAGE, ctr } from './cipher.js';
import { parseJournal, parseKey, type BeginRecord } from './journal.js';
import { recoverContent } from './recover.js';

const key = randomBytes(32);
const iv = randomBytes(16);

function record(original: Buffer, method: BeginRecord['method'], length = original.length): BeginRecord {
  return {
    t: 'begin',
    id: '1',
    variant: method === 'backward' ? 'base64' : 'fast',
    method,
    original: 'a.pdf',
    target: 'a.pdf',
    iv: iv.toString('hex'),
    length,
    base64: method === 'backward',
    size: original.length,
    sha256: createHash('sha256').update(original).digest('hex'),
    at: 0,
  };
}

describe('recovering a file from wherever the simulator stopped', () => {
  it('an in-place encryption cut at any page boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40_000 }), fc.nat(), (size, cut) => {
        const original = randomBytes(size);
        const encrypted = ctr(key, iv, original);
        const boundary = Math.min(size, (cut % (Math.ceil(size / 4096) + 1)) * 4096);
        const torn = Buffer.concat([encrypted.subarray(0, boundary), original.subarray(boundary)]);
        expect(recoverContent(record(original, 'forward'), key, torn)?.equals(original)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a base64 rewrite from the end cut after any page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30_000 }), fc.nat(), (size, cut) => {
        const original = Buffer.from(randomBytes(size).toString('hex').slice(0, size));
        const encoded = Buffer.from(ctr(key, iv, original).toString('base64'), 'latin1');
        const pages = Math.ceil(encoded.length / BASE64_PAGE);
        const first = cut % (pages + 1); // pages first..pages-1 written
        const torn = Buffer.alloc(Math.max(encoded.length, size));
        original.copy(torn);
        if (first < pages) encoded.copy(torn, first * BASE64_PAGE, first * BASE64_PAGE);
        const state = first === pages ? original : torn;
        expect(recoverContent(record(original, 'backward'), key, state)?.equals(original)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('says so when nothing matches the hash', () => {
    const original = randomBytes(10_000);
    expect(recoverContent(record(original, 'forward'), key, randomBytes(10_000))).toBeNull();
    expect(recoverContent(record(original, 'copy'), key, randomBytes(9_000))).toBeNull();
  });

  it('reads journals and key files of any text without throwing, and keeps paths inside the target', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseJournal(text);
        parseKey(text);
      }),
    );
    const escape = JSON.stringify({ ...record(Buffer.from('x'), 'forward'), original: '../../etc/passwd' });
    const absolute = JSON.stringify({ ...record(Buffer.from('x'), 'forward'), target: '/etc/passwd' });
    const good = JSON.stringify(record(Buffer.from('x'), 'forward'));
    expect(parseJournal(`${escape}\n${absolute}\n${good}\n{"t":"begin","id"`)).toMatchObject({ skipped: 3 });
    expect(parseJournal(good).records).toHaveLength(1);
  });
});
