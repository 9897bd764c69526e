import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIT_A01, LATIN1_A01, adtWithControlId } from '../testing/adt-samples.testkit.js';
import { MllpDecoder, type MllpFrame } from './decoder.js';
import { frameMllp } from './frame.js';

function texts(frames: MllpFrame[]): string[] {
  return frames.map((frame) => (frame.ok ? frame.text : `<${frame.reason}>`));
}

describe('frameMllp', () => {
  it('wraps the message in VT … FS CR', () => {
    const framed = frameMllp('MSH|^~\\&|A\r');
    expect(framed[0]).toBe(0x0b);
    expect([...framed.subarray(-2)]).toEqual([0x1c, 0x0d]);
    expect(framed.subarray(1, -2).toString('utf8')).toBe('MSH|^~\\&|A\r');
  });
});

describe('MllpDecoder', () => {
  it('yields one message per frame when frames arrive together', () => {
    const decoder = new MllpDecoder();
    const joined = Buffer.concat([frameMllp(ADMIT_A01), frameMllp(adtWithControlId('C2'))]);
    expect(texts(decoder.push(joined))).toEqual([ADMIT_A01, adtWithControlId('C2')]);
    expect(decoder.pending).toBe(false);
  });

  it('waits for the rest of a frame split across chunks, even between FS and CR', () => {
    const decoder = new MllpDecoder();
    const framed = frameMllp(ADMIT_A01);
    expect(decoder.push(framed.subarray(0, 10))).toEqual([]);
    expect(decoder.pending).toBe(true);
    expect(texts(decoder.push(framed.subarray(10, framed.length - 1)))).toEqual([ADMIT_A01]);
    expect(decoder.push(framed.subarray(framed.length - 1))).toEqual([]);
    expect(decoder.discardedBytes).toBe(0);
  });

  it('counts and drops bytes outside frames', () => {
    const decoder = new MllpDecoder();
    const stream = Buffer.concat([Buffer.from('noise'), frameMllp('MSH|^~\\&|A\r'), Buffer.from('\r\nmore')]);
    expect(texts(decoder.push(stream))).toEqual(['MSH|^~\\&|A\r']);
    expect(decoder.discardedBytes).toBe('noise'.length + '\r\nmore'.length);
  });

  it('accepts an end block without the final CR', () => {
    const decoder = new MllpDecoder();
    const stream = Buffer.from('\x0bMSH|^~\\&|A\r\x1c\x0bMSH|^~\\&|B\r\x1c\r', 'latin1');
    expect(texts(decoder.push(stream))).toEqual(['MSH|^~\\&|A\r', 'MSH|^~\\&|B\r']);
  });

  it('reports an oversize frame with its head, keeps no more than the head, and carries on', () => {
    const decoder = new MllpDecoder({ maxMessageBytes: 100 });
    const big = `MSH|^~\\&|A|B|C|D|20260101||ADT^A01|BIG1|P|2.5.1\rNTE|1||${'x'.repeat(5000)}\r`;
    const framed = frameMllp(big);
    const frames = [
      ...decoder.push(framed.subarray(0, 60)),
      ...decoder.push(framed.subarray(60, 3000)),
      ...decoder.push(Buffer.concat([framed.subarray(3000), frameMllp('MSH|^~\\&|OK\r')])),
    ];
    expect(frames).toHaveLength(2);
    const [oversize, next] = frames;
    expect(oversize).toMatchObject({ ok: false, reason: 'oversize', size: Buffer.byteLength(big) });
    if (oversize?.ok === false && oversize.reason === 'oversize') {
      expect(oversize.head.startsWith('MSH|^~\\&|A|B|C|D|20260101||ADT^A01|BIG1')).toBe(true);
      expect(oversize.head.length).toBeLessThanOrEqual(4096);
    }
    expect(next).toMatchObject({ ok: true, text: 'MSH|^~\\&|OK\r' });
  });

  it('reports a frame cut off by a new start block or by the end of the stream', () => {
    const decoder = new MllpDecoder();
    const stream = Buffer.from('\x0bMSH|^~\\&|CUT\x0bMSH|^~\\&|WHOLE\r\x1c\r\x0bMSH|^~\\&|TAIL', 'latin1');
    expect(texts(decoder.push(stream))).toEqual(['<unterminated>', 'MSH|^~\\&|WHOLE\r']);
    expect(texts(decoder.end())).toEqual(['<unterminated>']);
    expect(decoder.end()).toEqual([]);
  });

  it('decodes each frame in the character set its MSH-18 declares', () => {
    const decoder = new MllpDecoder();
    const frames = decoder.push(Buffer.concat([frameMllp(LATIN1_A01), frameMllp(ADMIT_A01)]));
    expect(frames.map((frame) => frame.ok && frame.charset)).toEqual(['latin1', 'utf-8']);
    expect(texts(frames)).toEqual([LATIN1_A01, ADMIT_A01]);
  });

  it('does not keep a reference to the caller’s buffer', () => {
    const decoder = new MllpDecoder();
    const chunk = Buffer.from('\x0bMSH|^~\\&|A', 'latin1');
    decoder.push(chunk);
    chunk.fill(0x41);
    expect(texts(decoder.push(Buffer.from('\r\x1c\r', 'latin1')))).toEqual(['MSH|^~\\&|A\r']);
  });

  it('property: any chunking of framed messages yields exactly those messages', () => {
    const message = fc
      .string({ unit: 'grapheme', maxLength: 200 })
      .map((body) => `MSH|^~\\&|${body.replaceAll('\u000b', '').replaceAll('\u001c', '')}\r`);
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.array(fc.nat(2000), { maxLength: 20 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((text) => frameMllp(text)));
          const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new MllpDecoder();
          const out: MllpFrame[] = [];
          let from = 0;
          for (const point of [...points, stream.length]) {
            out.push(...decoder.push(stream.subarray(from, point)));
            from = point;
          }
          expect(texts(out)).toEqual(messages);
          expect(decoder.discardedBytes).toBe(0);
          expect(decoder.end()).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fuzz: arbitrary bytes never throw and never yield more than the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const decoder = new MllpDecoder({ maxMessageBytes: 64 });
        for (const chunk of chunks) {
          for (const frame of decoder.push(chunk)) {
            if (frame.ok) expect(frame.bytes.length).toBeLessThanOrEqual(64);
          }
        }
        decoder.end();
      }),
      { numRuns: 500 },
    );
  });
});
