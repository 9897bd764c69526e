import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('gives the same lines whatever the read boundaries, multi-byte characters included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
          {
            maxLength: 20,
          },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const splitter = new LineSplitter(1000);
          const out: string[] = [];
          let last = 0;
          for (const point of [...points, bytes.length]) {
            out.push(...splitter.push(bytes.subarray(last, point)).lines);
            last = point;
          }
          expect(out).toEqual(lines.filter((l) => l !== ''));
          expect(splitter.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes and holds no more than its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const splitter = new LineSplitter(64);
        for (const chunk of chunks) {
          splitter.push(Buffer.from(chunk));
          expect(splitter.pendingBytes).toBeLessThanOrEqual(64);
        }
        splitter.flush();
      }),
    );
  });

  it('flushes a held partial line, but not the rest of an overlong one', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from('ok\npartial')).lines).toEqual(['ok']);
    expect(splitter.flush()).toEqual(['partial']);
    expect(splitter.push(Buffer.from('a much longer line than ten')).tooLong).toBe(1);
    expect(splitter.flush()).toEqual([]);
  });
});
