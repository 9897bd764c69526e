import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeIndexFile, parseIndexFile, type IndexFile } from './index-file.js';

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

function onlyCorrupt(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('VAULT_DATA_CORRUPT');
  }
}

describe('index files', () => {
  it('round-trip through restic JSON', () => {
    const file: IndexFile = {
      supersedes: ['e'.repeat(64)],
      packs: [
        {
          id: 'a'.repeat(64),
          blobs: [
            { id: 'b'.repeat(64), type: 'data', offset: 0, length: 38 },
            { id: 'c'.repeat(64), type: 'tree', offset: 38, length: 112, uncompressedLength: 511 },
          ],
        },
      ],
    };
    const json = JSON.parse(encodeIndexFile(file).toString()) as {
      packs: { blobs: Record<string, unknown>[] }[];
    };
    expect(json.packs[0]?.blobs[1]).toEqual({
      id: 'c'.repeat(64),
      type: 'tree',
      offset: 38,
      length: 112,
      uncompressed_length: 511,
    });
    expect(json.packs[0]?.blobs[0]).not.toHaveProperty('uncompressed_length');
    expect(parseIndexFile(encodeIndexFile(file))).toEqual(file);
  });

  it('round-trips generated indexes', () => {
    const blob = fc.record({
      id: hex64,
      type: fc.constantFrom('data' as const, 'tree' as const),
      offset: fc.nat(),
      length: fc.integer({ min: 32, max: 0xffffffff }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: hex64, blobs: fc.array(blob, { maxLength: 5 }) }), { maxLength: 5 }),
        (packs) => {
          const file: IndexFile = { supersedes: [], packs };
          expect(parseIndexFile(encodeIndexFile(file))).toEqual(file);
        },
      ),
    );
  });

  it('fuzz: random bytes and random JSON fail only with VAULT_DATA_CORRUPT', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        onlyCorrupt(() => parseIndexFile(Buffer.from(bytes))),
      ),
    );
    fc.assert(fc.property(fc.json(), (text) => onlyCorrupt(() => parseIndexFile(text))));
    const nearlyValid = fc.record({
      packs: fc.array(
        fc.record({
          id: fc.oneof(hex64, fc.string()),
          blobs: fc.array(
            fc.dictionary(
              fc.constantFrom('id', 'type', 'offset', 'length', 'uncompressed_length'),
              fc.jsonValue(),
            ),
          ),
        }),
      ),
    });
    fc.assert(fc.property(nearlyValid, (doc) => onlyCorrupt(() => parseIndexFile(JSON.stringify(doc)))));
  });
});
