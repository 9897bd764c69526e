import { compress, decompress } from 'zstd-napi';
import { corrupt } from './crypto.js';

/** Compresses a blob; null when zstd would not make it smaller, so it is stored as it is. */
export function compressBlob(plaintext: Buffer, level: number): Buffer | null {
  if (plaintext.length === 0) return null;
  const packed = compress(plaintext, { compressionLevel: level });
  return packed.length < plaintext.length ? packed : null;
}

/** Decompresses a blob and insists on the length its pack header promised. */
export function decompressBlob(data: Buffer, expectedLength: number, what = 'blob'): Buffer {
  let out: Buffer;
  try {
    out = decompress(data);
  } catch {
    throw corrupt(what, 'compressed data is not valid zstd');
  }
  if (out.length !== expectedLength) throw corrupt(what, 'uncompressed length differs from the header');
  return out;
}

/**
 * Unpacked files (snapshots, index, locks) in format 2 carry a leading encoding byte: 2 means the rest
 * is a zstd frame; '{' or '[' means the whole plaintext is plain JSON as written by format 1.
 */
export function encodeUnpacked(json: Buffer, version: 1 | 2, level: number): Buffer {
  if (version === 1) return json;
  const packed = compress(json, { compressionLevel: level });
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = 2;
  packed.copy(out, 1);
  return out;
}

export function decodeUnpacked(plaintext: Buffer, version: 1 | 2, what: string): Buffer {
  if (version === 1 || plaintext.length === 0) return plaintext;
  const first = plaintext[0];
  if (first === 0x7b || first === 0x5b) return plaintext;
  if (first !== 2) throw corrupt(what, 'unknown encoding version');
  try {
    return decompress(plaintext.subarray(1));
  } catch {
    throw corrupt(what, 'compressed data is not valid zstd');
  }
}
