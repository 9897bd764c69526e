import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ByteSource, type InputFormat, readRecords } from './input.js';
import type { InputRecord } from './records.js';

async function records(
  chunks: readonly (string | Buffer)[],
  format: InputFormat = 'auto',
  maxRecordBytes = 1 << 20,
): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const batch of readRecords(Readable.from(chunks) as ByteSource, format, { maxRecordBytes }))
    out.push(...batch);
  return out;
}

/** Splits a text into chunks at the given cut points, as a pipe or a file read might. */
function cut(text: string, points: readonly number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of sorted) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks.filter((chunk) => chunk.length > 0);
}

describe('NDJSON input', () => {
  it('gives one record per non-blank line, indexed by line number', async () => {
    const text = '{"a":1}\r\n\n  \n{"b":"é"}\n{"c":3}';
    expect(await records([text])).toEqual([
      { index: 0, text: '{"a":1}' },
      { index: 3, text: '{"b":"é"}' },
      { index: 4, text: '{"c":3}' },
    ]);
  });

  it('drops a byte order mark and keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('\uFEFF{"w":"Zürich"}\n', 'utf8');
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte]));
    expect(await records(chunks, 'ndjson')).toEqual([{ index: 0, text: '{"w":"Zürich"}' }]);
  });

  it('reports an over-long line without holding it and goes on with the next', async () => {
    const long = `{"x":"${'y'.repeat(5000)}"}`;
    const result = await records([long.slice(0, 2000), long.slice(2000), '\n{"ok":1}\n'], 'ndjson', 1000);
    expect(result).toHaveLength(2);
    expect(result[0]).toMatchObject({ index: 0 });
    expect((result[0] as { malformed: string }).malformed).toMatch(/longer than 1000 bytes/);
    expect(result[1]).toEqual({ index: 1, text: '{"ok":1}' });
  });

  it('treats a line starting with [ as NDJSON when told the format is ndjson', async () => {
    expect(await records(['[1,2]\n{"a":1}\n'], 'ndjson')).toEqual([
      { index: 0, text: '[1,2]' },
      { index: 1, text: '{"a":1}' },
    ]);
  });

  it('is the same whatever the chunk boundaries (fuzzed)', async () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, points) => {
          const text = lines.map((l) => `{${JSON.stringify(l)}:1}`).join('\n');
          const whole = await records([text], 'ndjson');
          expect(await records(cut(text, points), 'ndjson')).toEqual(whole);
          expect(whole.map((r) => r.index)).toEqual(lines.map((_, i) => i));
        },
      ),
    );
  });
});

describe('JSON array input', () => {
  it('gives each element in order, whatever it contains', async () => {
    const text = ' \n[ {"a":"x,]}\\"["}, {"b":[1,{"c":2}]} ,\n {"d":null} ]\n';
    expect(await records([text])).toEqual([
      { index: 0, text: '{"a":"x,]}\\"["}' },
      { index: 1, text: '{"b":[1,{"c":2}]}' },
      { index: 2, text: '{"d":null}' },
    ]);
  });

  it('holds no events in an empty array and reports a truncated one', async () => {
    expect(await records(['[ ]'])).toEqual([]);
    expect(await records([''])).toEqual([]);
    expect(await records(['[{"a":1},{"b":'])).toEqual([
      { index: 0, text: '{"a":1}' },
      { index: 1, text: '{"b":' },
      { index: 2, malformed: 'the JSON array is not closed' },
    ]);
  });

  it('reports empty elements and content after the array, keeping the good elements', async () => {
    expect(await records(['[{"a":1},,{"b":2},] trailing'])).toEqual([
      { index: 0, text: '{"a":1}' },
      { index: 1, malformed: 'empty array element' },
      { index: 2, text: '{"b":2}' },
      { index: 3, malformed: 'empty array element' },
      { index: 4, malformed: 'content after the end of the JSON array' },
    ]);
  });

  it('reports an over-long element and keeps reading after it', async () => {
    const result = await records([`[{"x":"${'z'.repeat(3000)}"},{"ok":1}]`], 'auto', 100);
    expect(result).toEqual([
      { index: 0, malformed: expect.stringMatching(/longer than 100 bytes/) as string },
      { index: 1, text: '{"ok":1}' },
    ]);
  });

  it('cuts any array of JSON values into the values it was made of (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (values, points, pretty) => {
          const text = pretty ? JSON.stringify(values, null, 2) : JSON.stringify(values);
          const result = await records(cut(text, points));
          expect(result.map((r) => ('text' in r ? JSON.parse(r.text) : r))).toEqual(
            JSON.parse(text) as unknown[],
          );
        },
      ),
    );
  });

  it('never throws on arbitrary bytes and always moves forward (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom<InputFormat>('auto', 'ndjson'),
        async (bytes, format) => {
          const result = await records([Buffer.from(bytes)], format, 64);
          const indexes = result.map((r) => r.index);
          expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
          expect(new Set(indexes).size).toBe(indexes.length);
        },
      ),
    );
  });
});
