import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, type FrameResult } from './frame-decoder.js';

const texts = (results: FrameResult[]) =>
  results.map((r) => (r.ok ? r.frame.toString('utf8') : `!${r.reason}`));

function decodeAll(chunks: (string | Buffer)[], maxFrameBytes = 1024): string[] {
  const decoder = new FrameDecoder({ maxFrameBytes });
  const out: string[] = [];
  for (const chunk of chunks) out.push(...texts(decoder.push(Buffer.from(chunk))));
  out.push(...texts(decoder.end()));
  return out;
}

const counted = (message: string) => `${Buffer.byteLength(message)} ${message}`;

describe('non-transparent framing', () => {
  it('splits on LF, CRLF and NUL and skips empty frames', () => {
    expect(decodeAll(['<13>a\n<13>b\r\n<13>c\0\n\n<13>d\n'])).toEqual(['<13>a', '<13>b', '<13>c', '<13>d']);
  });

  it('keeps a bare CR inside a message', () => {
    expect(decodeAll(['<13>a\rb\n'])).toEqual(['<13>a\rb']);
  });

  it('hands over an unterminated last line when the stream ends', () => {
    expect(decodeAll(['<13>a\n<13>tail'])).toEqual(['<13>a', '<13>tail']);
  });

  it('reads a line that starts with digits but no length as a line', () => {
    expect(decodeAll(['1234: *Mar  1 18:46:11: %SYS-5-CONFIG_I: x\n'])).toEqual([
      '1234: *Mar  1 18:46:11: %SYS-5-CONFIG_I: x',
    ]);
    expect(decodeAll(['12345678901 too many digits\n'])).toEqual(['12345678901 too many digits']);
  });
});

describe('octet-counting framing', () => {
  it('reads counted frames back to back, with LF in the message', () => {
    const stream = counted('<13>1 - h a - - - one\nline') + counted('<13>1 - h a - - - two');
    expect(decodeAll([stream])).toEqual(['<13>1 - h a - - - one\nline', '<13>1 - h a - - - two']);
  });

  it('counts bytes, not characters', () => {
    const message = '<13>1 - h a - - - Zoë ✓ 😀';
    expect(decodeAll([counted(message) + counted(message)])).toEqual([message, message]);
  });

  it('tolerates a terminator after each counted frame', () => {
    expect(decodeAll([`${counted('<13>x')}\n${counted('<13>y')}\r\n`])).toEqual(['<13>x', '<13>y']);
  });

  it('mixes both framings on one connection', () => {
    expect(decodeAll([`<13>plain\n${counted('<13>counted')}<13>plain again\n`])).toEqual([
      '<13>plain',
      '<13>counted',
      '<13>plain again',
    ]);
  });

  it('reports a cut counted frame at the end of the stream', () => {
    expect(decodeAll(['20 <13>short'])).toEqual(['!truncated frame']);
  });
});

describe('frame size limit', () => {
  it('skips an oversized counted frame exactly and keeps the next one', () => {
    const big = `<13>${'x'.repeat(5000)}`;
    expect(decodeAll([counted(big) + counted('<13>next')], 100)).toEqual(['!frame too large', '<13>next']);
  });

  it('skips an oversized counted frame that arrives in pieces', () => {
    const stream = Buffer.from(counted(`<13>${'x'.repeat(5000)}`) + counted('<13>next'));
    const chunks = [];
    for (let i = 0; i < stream.length; i += 7) chunks.push(stream.subarray(i, i + 7));
    expect(decodeAll(chunks, 100)).toEqual(['!frame too large', '<13>next']);
  });

  it('discards an oversized line up to its end, reporting it once, and holds no more than the limit', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 100 });
    const out: string[] = [];
    for (let i = 0; i < 50; i++) {
      out.push(...texts(decoder.push(Buffer.from('<13>'.padEnd(64, 'y')))));
      expect(decoder.pendingBytes).toBeLessThanOrEqual(100 + 64);
    }
    out.push(...texts(decoder.push(Buffer.from('end of the long one\n<13>next\n'))));
    expect(out).toEqual(['!frame too large', '<13>next']);
  });

  it('refuses a complete line over the limit but keeps its neighbours', () => {
    expect(decodeAll([`<13>a\n<13>${'z'.repeat(200)}\n<13>b\n`], 100)).toEqual([
      '<13>a',
      '!frame too large',
      '<13>b',
    ]);
  });
});

const frameText = fc
  .string({ minLength: 1, maxLength: 60 })
  .map((s) => `<13>${s.replace(/[\n\0]/g, ' ')}`)
  .filter((s) => !s.endsWith('\r'));
const framed = fc.array(
  fc.tuple(frameText, fc.constantFrom<'counted' | 'lf' | 'crlf' | 'nul'>('counted', 'lf', 'crlf', 'nul')),
  { minLength: 1, maxLength: 20 },
);

describe('framing properties', () => {
  it('gives back every frame whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(framed, fc.array(fc.nat(400), { maxLength: 12 }), (frames, cuts) => {
        const stream = Buffer.from(
          frames
            .map(([text, how]) => {
              switch (how) {
                case 'counted':
                  return counted(text);
                case 'lf':
                  return `${text}\n`;
                case 'crlf':
                  return `${text}\r\n`;
                case 'nul':
                  return `${text}\0`;
              }
            })
            .join(''),
        );
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const point of [...points, stream.length]) {
          chunks.push(stream.subarray(last, point));
          last = point;
        }
        expect(decodeAll(chunks)).toEqual(frames.map(([text]) => text));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes and stays within its memory bound', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 }), (chunks) => {
        const decoder = new FrameDecoder({ maxFrameBytes: 256 });
        for (const chunk of chunks) {
          for (const result of decoder.push(Buffer.from(chunk))) {
            if (result.ok) expect(result.frame.length).toBeLessThanOrEqual(256);
          }
          expect(decoder.pendingBytes).toBeLessThanOrEqual(256 + 300 + 10);
        }
        decoder.end();
      }),
      { numRuns: 500 },
    );
  });
});
