import { crc32, deflateSync } from 'node:zlib';
import type { Random } from './words.js';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid RGB PNG of about `size` bytes: photographic noise, or a smooth chart-like gradient. */
export function png(random: Random, size: number): Buffer {
  const photo = random.next() < 0.7;
  const width = 256;
  // Photos: dense noise. Charts and scans: a gradient with a little sensor noise (about 3:1 compression).
  const height = Math.max(1, Math.ceil(size / (photo ? 3 * width : width)));
  const noise = random.bytes(width * 3 * height);
  if (!photo)
    for (let i = 0; i < noise.length; i++)
      noise[i] = (((i / (width * 3)) * 3) & 0xf0) | ((noise[i] ?? 0) & 0x03);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++)
    rows.push(Buffer.from([0]), noise.subarray(y * width * 3, (y + 1) * width * 3));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: photo ? 1 : 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * A valid baseline JPEG (one grey 8×8 block: one-symbol Huffman tables, DC 0 then end-of-block) padded
 * to `size` with APP15 segments of camera-like binary data, so its bytes look as dense as a photo's.
 */
export function jpeg(random: Random, size: number): Buffer {
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const quant = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const frame = segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const oneSymbol = (tableClass: number): Buffer =>
    segment(
      0xc4,
      Buffer.concat([
        Buffer.from([tableClass << 4]),
        Buffer.from([1, ...new Array<number>(15).fill(0)]),
        Buffer.from([0]),
      ]),
    );
  const scan = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const body = [jfif, quant, frame, oneSymbol(0), oneSymbol(1), scan, Buffer.from([0x3f, 0xff, 0xd9])];
  const fixed = 2 + body.reduce((sum, part) => sum + part.length, 0);
  const padding: Buffer[] = [];
  for (let left = size - fixed; left > 4; left -= 65_537) {
    padding.push(segment(0xef, random.bytes(Math.min(65_533, left - 4))));
  }
  return Buffer.concat([Buffer.from([0xff, 0xd8]), body[0] as Buffer, ...padding, ...body.slice(1)]);
}
