import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus.js';
import { corpusTarget, removeTargets } from './simulate.testkit.js';

const MAGIC: Record<string, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46],
  docx: [0x50, 0x4b, 0x03, 0x04],
  xlsx: [0x50, 0x4b, 0x03, 0x04],
  png: [0x89, 0x50, 0x4e, 0x47],
  jpg: [0xff, 0xd8, 0xff, 0xe0],
  hl7: [0x4d, 0x53, 0x48, 0x7c],
};

/** Every entry of a zip, read through its central directory and inflated (CRC checked by its size). */
function zipEntries(data: Buffer): string[] {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = data.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < data.readUInt16LE(end + 10); i++) {
    const nameLength = data.readUInt16LE(at + 28);
    const local = data.readUInt32LE(at + 42);
    const packed = data.readUInt32LE(at + 20);
    const start = local + 30 + data.readUInt16LE(local + 26);
    const body = data.subarray(start, start + packed);
    // Method 8 is deflate; 0 keeps an entry that deflate would not shrink (random image bytes) as is.
    const content = data.readUInt16LE(at + 10) === 8 ? inflateRawSync(body) : body;
    expect(content.length).toBe(data.readUInt32LE(at + 24));
    names.push(data.subarray(at + 46, at + 46 + nameLength).toString());
    at += 46 + nameLength;
  }
  return names;
}

afterAll(removeTargets);

describe('the hospital share corpus', () => {
  it('is the same for the same seed', () => {
    expect(corpusTarget(30, 9).corpus.map((f) => f.sha256)).toEqual(
      corpusTarget(30, 9).corpus.map((f) => f.sha256),
    );
  });

  it('writes real formats in department folders, 2 KiB to 2 MiB', () => {
    const { root, corpus } = corpusTarget(120, 5);
    expect(new Set(corpus.map((f) => f.path.split('/')[0])).size).toBeGreaterThanOrEqual(8);
    for (const file of corpus) {
      const data = readFileSync(join(root, file.path));
      const kind = file.path.split('.').pop() as string;
      expect(file.size).toBeGreaterThanOrEqual(2_000);
      expect(file.size).toBeLessThanOrEqual(2_300_000);
      if (MAGIC[kind]) expect([...data.subarray(0, 4)]).toEqual(MAGIC[kind]);
      if (kind === 'docx') expect(zipEntries(data)).toContain('word/document.xml');
      if (kind === 'xlsx') expect(zipEntries(data)).toContain('xl/worksheets/sheet1.xml');
      if (kind === 'pdf') {
        const text = data.toString('latin1');
        const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
        expect(text.slice(xref, xref + 4)).toBe('xref');
        const offsets = [...text.slice(xref).matchAll(/(\d{10}) 00000 n /g)].map((m) => Number(m[1]));
        expect(offsets.length).toBe(7);
        offsets.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true));
      }
    }
  });

  it('refuses nothing it is given: zero files is an empty share', () => {
    expect(generateCorpus(corpusTarget(0).root, { files: 0 })).toEqual([]);
  });
});
