import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutPoints } from './boundary.js';
import { Chunker, chunkStream } from './chunker.js';
import { createGearTable } from './gear.js';
import { chunkParams } from './params.js';
import { pseudoRandom } from './testdata.js';

const gear = createGearTable(Buffer.alloc(32, 5));
const sizes = { min: 64, avg: 256, max: 1024 };

async function collect(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options = { gear, ...sizes },
): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of chunkStream(source, options)) out.push(chunk);
  return out;
}

/** Splits data at the given (unsorted, possibly repeated) offsets, keeping empty pieces too. */
function split(data: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [...offsets.map((o) => o % (data.length + 1)), data.length].sort((a, b) => a - b);
  let prev = 0;
  return cuts.map((c) => {
    const piece = data.subarray(prev, c);
    prev = c;
    return piece;
  });
}

describe('chunkStream', () => {
  it('reassembles the input and cuts at the same places however the input is split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 8000, size: 'max' }),
        fc.array(fc.nat(), { maxLength: 40, size: 'max' }),
        async (data, offsets) => {
          const chunks = await collect(Readable.from(split(data, offsets)));
          expect(Buffer.concat(chunks).equals(Buffer.from(data))).toBe(true);
          const ends = chunks.map((_, i) => chunks.slice(0, i + 1).reduce((n, c) => n + c.length, 0));
          expect(ends).toEqual(cutPoints(data, chunkParams({ gear, ...sizes })));
          chunks.slice(0, -1).forEach((c) => expect(c.length).toBeGreaterThanOrEqual(sizes.min));
          chunks.forEach((c) => expect(c.length).toBeLessThanOrEqual(sizes.max));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('carries the hash across inputs of a few bytes each', async () => {
    const data = pseudoRandom(12, 50_000);
    const expected = cutPoints(data, chunkParams({ gear, ...sizes }));
    for (const size of [1, 7, 33]) {
      const pieces = Array.from({ length: Math.ceil(data.length / size) }, (_, i) =>
        data.subarray(i * size, (i + 1) * size),
      );
      const chunks = await collect(pieces);
      let end = 0;
      expect(chunks.map((c) => (end += c.length))).toEqual(expected);
    }
  });

  it('is deterministic for one key and cuts elsewhere under another', async () => {
    const data = pseudoRandom(11, 200_000);
    const lengths = async (g: Uint32Array) =>
      (await collect([data], { gear: g, ...sizes })).map((c) => c.length);
    expect(await lengths(gear)).toEqual(await lengths(createGearTable(Buffer.alloc(32, 5))));
    expect(await lengths(gear)).not.toEqual(await lengths(createGearTable(Buffer.alloc(32, 6))));
  });

  it('yields nothing for empty input and one chunk for input below min', async () => {
    expect(await collect([])).toEqual([]);
    expect(await collect([new Uint8Array(0), new Uint8Array(0)])).toEqual([]);
    const short = pseudoRandom(2, 63);
    const chunks = await collect([short.subarray(0, 10), short.subarray(10)]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.equals(short)).toBe(true);
  });

  it('refuses a text stream', async () => {
    await expect(collect(['abc'])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('Chunker', () => {
  it('returns a chunk inside one input as a view of it and copies a chunk that spans inputs', () => {
    const data = pseudoRandom(3, 20_000);
    const chunker = new Chunker({ gear, ...sizes });
    const [first] = chunker.push(data);
    expect(first!.buffer).toBe(data.buffer);
    const rest = new Chunker({ gear, ...sizes });
    const spanning = [...rest.push(data.subarray(0, 10)), ...rest.push(data.subarray(10))][0]!;
    expect(spanning.equals(first!)).toBe(true);
    expect(spanning.buffer).not.toBe(data.buffer);
  });

  it('never holds a whole max-size chunk between pushes', () => {
    const chunker = new Chunker({ gear, ...sizes });
    const chunks: Buffer[] = [];
    // Under this key zeros never match a mask, so every chunk runs to max: the worst case for holding.
    for (let i = 0; i < 200; i++) chunks.push(...chunker.push(new Uint8Array(97)));
    expect(chunks.map((c) => c.length)).toEqual(chunks.map(() => sizes.max));
    expect(chunker.peakHeldBytes).toBeGreaterThan(sizes.max - 97);
    expect(chunker.peakHeldBytes).toBeLessThan(sizes.max);
  });
});
