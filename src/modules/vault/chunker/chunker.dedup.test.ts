import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cutPoints } from './boundary.js';
import { createGearTable } from './gear.js';
import { AVG_CHUNK, MAX_CHUNK, MIN_CHUNK, chunkParams } from './params.js';
import { pseudoRandom } from './testdata.js';

const MB = 1024 * 1024;
const params = chunkParams({ gear: createGearTable(Buffer.alloc(32, 9)) });

function chunkHashes(data: Buffer): string[] {
  let start = 0;
  return cutPoints(data, params).map((end) => {
    const hash = createHash('sha256').update(data.subarray(start, end)).digest('hex');
    start = end;
    return hash;
  });
}

describe('chunking at the production sizes', () => {
  it('keeps most chunks when a few bytes are inserted in the middle', () => {
    const data = pseudoRandom(21, 40 * MB);
    const mid = 20 * MB + 12_345;
    const edited = Buffer.concat([data.subarray(0, mid), Buffer.from('inserted!'), data.subarray(mid)]);
    const before = chunkHashes(data);
    const after = new Set(chunkHashes(edited));
    const shared = before.filter((h) => after.has(h)).length;
    expect(shared / before.length).toBeGreaterThanOrEqual(0.8);
    // Only the chunk around the edit (and perhaps its neighbour) should differ.
    expect(before.length - shared).toBeLessThanOrEqual(3);
  });

  it('averages close to 1 MiB on random data and respects min and max', () => {
    const data = pseudoRandom(22, 64 * MB);
    const ends = cutPoints(data, params);
    const sizes = ends.map((end, i) => end - (ends[i - 1] ?? 0));
    const mean = data.length / sizes.length;
    expect(mean).toBeGreaterThan(AVG_CHUNK * 0.75);
    expect(mean).toBeLessThan(AVG_CHUNK * 1.25);
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(MIN_CHUNK);
      expect(size).toBeLessThanOrEqual(MAX_CHUNK);
    }
  });
});
