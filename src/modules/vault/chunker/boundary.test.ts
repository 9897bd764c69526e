import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutPoints, findBoundary, newScanState } from './boundary.js';
import { createGearTable } from './gear.js';
import { chunkParams, type ChunkParams } from './params.js';

const gear = createGearTable(Buffer.alloc(32, 3));
const small = chunkParams({ gear, min: 64, avg: 256, max: 1024 });
// Cuts soon after min, so off-by-one errors around the skipped prefix show up.
const dense = chunkParams({ gear, min: 64, avg: 72, max: 300 });

/** Straightforward restatement of the algorithm, one chunk and one byte at a time. */
function referenceCuts(data: Uint8Array, p: ChunkParams): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + p.max, data.length);
    let h = 0;
    for (let n = p.min; start + n < end; n++) {
      h = (h * 2 + (p.gear[data[start + n]!]! >>> 0)) % 2 ** 32;
      const mask = (n < p.avg ? p.maskS : p.maskL) >>> 0;
      if ((h & mask) === 0) {
        end = start + n + 1;
        break;
      }
    }
    ends.push(end);
    start = end;
  }
  return ends;
}

describe('findBoundary', () => {
  it('cuts where a plain restatement of FastCDC cuts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6000, size: 'max' }), (data) => {
        expect(cutPoints(data, small)).toEqual(referenceCuts(data, small));
        expect(cutPoints(data, dense)).toEqual(referenceCuts(data, dense));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every chunk but the last within [min, max]', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 8000, size: 'max' }), (data) => {
        const ends = cutPoints(data, small);
        ends.forEach((end, i) => {
          const size = end - (ends[i - 1] ?? 0);
          expect(size).toBeLessThanOrEqual(small.max);
          if (i < ends.length - 1) expect(size).toBeGreaterThanOrEqual(small.min);
        });
      }),
    );
  });

  it('cuts data without any content boundary at max', () => {
    const zeros = new Uint8Array(5000);
    const ends = cutPoints(zeros, small);
    const sizes = ends.map((end, i) => end - (ends[i - 1] ?? 0));
    // Constant input gives a constant hash: either it matches right after min or never.
    expect(sizes.slice(0, -1).every((s) => s === sizes[0])).toBe(true);
    expect([small.min + 1, small.max]).toContain(sizes[0]);
  });

  it('makes input shorter than min one chunk and asks for more bytes', () => {
    const state = newScanState();
    expect(findBoundary(new Uint8Array(63), 0, 63, small, state)).toBe(-1);
    expect(state.pos).toBe(63);
    expect(cutPoints(new Uint8Array(63), small)).toEqual([63]);
  });

  it('rejects impossible sizes', () => {
    expect(() => chunkParams({ gear, min: 256, avg: 256, max: 1024 })).toThrow(/min < avg < max/);
    expect(() => chunkParams({ gear, min: 64, avg: 256, max: 256 })).toThrow(/min < avg < max/);
    expect(() => chunkParams({ gear, min: 0, avg: 256, max: 1024 })).toThrow(/min < avg < max/);
    expect(() => chunkParams({ gear: new Uint32Array(255) })).toThrow(/256 entries/);
  });
});
