import { createHash } from 'node:crypto';
import { BASE64_PAGE, BASE64_PLAIN, ctr } from './cipher.js';
import type { BeginRecord } from './journal.js';

const PAGE = 4096;

function sha256(...parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/**
 * The original bytes from a file changed in place from the start, wherever the change stopped: a kill
 * mid-write leaves an encrypted prefix ending on a page boundary. Tries the whole length first (the
 * usual case), then every page boundary; the journal's hash decides.
 */
function fromForward(record: BeginRecord, key: Buffer, content: Buffer): Buffer | null {
  const iv = Buffer.from(record.iv, 'hex');
  if (content.length !== record.size) return null;
  const boundaries = [record.length];
  for (let b = Math.floor((record.length - 1) / PAGE) * PAGE; b > 0; b -= PAGE) boundaries.push(b);
  for (const boundary of boundaries) {
    const head = ctr(key, iv, content.subarray(0, boundary));
    if (sha256(head, content.subarray(boundary)) === record.sha256) {
      return Buffer.concat([head, content.subarray(boundary)]);
    }
  }
  return null;
}

/**
 * From a file rewritten as base64 page by page from the end: some suffix of pages is base64 of the
 * ciphertext, and everything before it is still the original (the encoded form is longer, so the
 * original bytes a page needs always lie before it).
 */
function fromBackward(record: BeginRecord, key: Buffer, content: Buffer): Buffer | null {
  const iv = Buffer.from(record.iv, 'hex');
  const encodedLength = 4 * Math.ceil(record.size / 3);
  if (content.length !== Math.max(encodedLength, record.size)) return null;
  const pages = Math.ceil(encodedLength / BASE64_PAGE);
  for (let first = 0; first < pages; first++) {
    const encoded = content.subarray(first * BASE64_PAGE, encodedLength).toString('latin1');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) continue;
    const plainStart = first * BASE64_PLAIN;
    const tail = ctr(key, iv, Buffer.from(encoded, 'base64'), plainStart);
    const head = content.subarray(0, plainStart);
    if (sha256(head, tail) === record.sha256) return Buffer.concat([head, tail]);
  }
  return null;
}

/** The original bytes of a file from what the simulator left, or null when no reading matches the hash. */
export function recoverContent(record: BeginRecord, key: Buffer, content: Buffer): Buffer | null {
  if (sha256(content) === record.sha256) return content;
  switch (record.method) {
    case 'forward':
      return fromForward(record, key, content);
    case 'backward':
      return fromBackward(record, key, content);
    case 'copy': {
      const plain = ctr(key, Buffer.from(record.iv, 'hex'), content);
      return content.length === record.size && sha256(plain) === record.sha256 ? plain : null;
    }
  }
}
