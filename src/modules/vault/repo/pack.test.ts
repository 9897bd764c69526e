import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, randomMasterKey } from './crypto.js';
import { PackWriter, parseHeader, parsePackTail, readPackHeader } from './pack.js';

const key = randomMasterKey();

const blobArb = fc.record({
  type: fc.constantFrom('data' as const, 'tree' as const),
  body: fc.uint8Array({ maxLength: 300 }),
  compressed: fc.boolean(),
});

function onlyCorrupt(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('VAULT_DATA_CORRUPT');
  }
}

describe('pack files', () => {
  it('round-trip: the header read back describes every blob and its bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(blobArb, { minLength: 1, maxLength: 40 }), async (blobs) => {
        const writer = new PackWriter(key);
        for (const b of blobs) {
          const id = createHash('sha256').update(b.body).digest('hex');
          writer.add(b.type, id, encrypt(key, b.body), b.compressed ? b.body.length + 1 : undefined);
        }
        const pack = writer.finalize();
        expect(pack.id).toBe(createHash('sha256').update(pack.data).digest('hex'));
        const entries = await readPackHeader(key, pack.data.length, async (offset, length) =>
          pack.data.subarray(offset, offset + length),
        );
        expect(entries).toEqual(pack.entries);
        entries.forEach((entry, i) => {
          const blob = blobs[i];
          expect(entry.type).toBe(blob?.type);
          const plain = decrypt(key, pack.data.subarray(entry.offset, entry.offset + entry.length));
          expect(plain.equals(Buffer.from(blob?.body ?? []))).toBe(true);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('detects a flipped bit in the header', () => {
    const writer = new PackWriter(key);
    writer.add('data', 'a'.repeat(64), encrypt(key, Buffer.from('x')));
    const { data } = writer.finalize();
    data[data.length - 10] = (data[data.length - 10] as number) ^ 1;
    expect(() => parsePackTail(key, data, data.length)).toThrow(
      expect.objectContaining({ code: 'VAULT_DATA_CORRUPT' }) as Error,
    );
  });

  it('fuzz: random pack tails fail cleanly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 1_000_000 }), (bytes, extra) => {
        onlyCorrupt(() => parsePackTail(key, Buffer.from(bytes), bytes.length + extra));
      }),
    );
  });

  it('fuzz: random decrypted headers fail cleanly or parse consistently', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 100_000 }), (bytes, dataBytes) => {
        onlyCorrupt(() => {
          const entries = parseHeader(Buffer.from(bytes), dataBytes);
          expect(entries.reduce((n, e) => n + e.length, 0)).toBe(dataBytes);
        });
      }),
    );
  });

  it('fuzz: a valid header with random length fields fails cleanly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.nat({ max: 2000 }), (claimed, fileSize) => {
        const tail = Buffer.alloc(64);
        tail.writeUInt32LE(claimed, 60);
        onlyCorrupt(() => parsePackTail(key, tail, fileSize));
      }),
    );
  });
});
