import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { readLines } from './ndjson-lines.js';

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function lines(bytes: Uint8Array, cuts: number[], maxLineLength?: number): Promise<string[]> {
  const found: string[] = [];
  for await (const line of readLines(
    chunked(bytes, cuts),
    maxLineLength === undefined ? {} : { maxLineLength },
  ))
    found.push(line);
  return found;
}

describe('readLines', () => {
  it('splits on \\n and \\r\\n and keeps a last line without newline', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\r\n{"b":"é"}\n\nlast');
    expect(await lines(bytes, [3, 9, 10])).toEqual(['{"a":1}', '{"b":"é"}', '', 'last']);
  });

  it('gives the same lines however the bytes are cut, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme' }).map((text) => text.replace(/[\r\n]/g, '')),
          { maxLength: 20 },
        ),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        async (texts, cuts, crlf) => {
          const joined = texts.join(crlf ? '\r\n' : '\n');
          const bytes = new TextEncoder().encode(joined);
          // A separator at the very end closes the last line rather than opening an empty one.
          const expected = texts.at(-1) === '' ? texts.slice(0, -1) : texts;
          expect(await lines(bytes, cuts)).toEqual(expected);
        },
      ),
    );
  });

  it('never throws anything but its own error on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (bytes, cuts) => {
          try {
            const found = await lines(bytes, cuts, 64);
            expect(found.every((line) => line.length <= 64 && !line.includes('\n'))).toBe(true);
          } catch (error) {
            expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PROTOCOL');
          }
        },
      ),
    );
  });

  it('refuses a line longer than the limit instead of buffering it', async () => {
    const bytes = new TextEncoder().encode(`${'x'.repeat(100)}\nshort\n`);
    const error = await lines(bytes, [10, 20, 30], 50).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_PROTOCOL');
  });
});
