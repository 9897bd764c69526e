import { createCipheriv } from 'node:crypto';

/** Bytes per base64 block the simulator writes at once: 4096 characters carry 3072 bytes. */
export const BASE64_PAGE = 4096;
export const BASE64_PLAIN = 3072;

/** The CTR counter block for a byte offset (a multiple of 16) into a file. */
function counterAt(iv: Buffer, offset: number): Buffer {
  const value = (BigInt(`0x${iv.toString('hex')}`) + BigInt(offset / 16)) % (1n << 128n);
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}

/** AES-256-CTR over `data`, which sits at byte `offset` of the file; the same call decrypts. */
export function ctr(key: Buffer, iv: Buffer, data: Uint8Array, offset = 0): Buffer {
  if (offset % 16 !== 0) throw new Error('CTR offsets must be multiples of 16');
  const cipher = createCipheriv('aes-256-ctr', key, counterAt(iv, offset));
  return Buffer.concat([cipher.update(data), cipher.final()]);
}
