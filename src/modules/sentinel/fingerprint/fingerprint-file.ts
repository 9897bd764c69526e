import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Fingerprint } from '../types.js';
import { detectType } from './detect-type.js';
import { shannonEntropy } from './entropy.js';

/** Bytes read from each end: enough for every signature and a stable entropy estimate. */
export const SAMPLE_BYTES = 4096;

// O_NOFOLLOW: a symlink is not the file it points at; O_NONBLOCK: opening a FIFO must not hang.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function readAt(fd: number, length: number, position: number): Uint8Array {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/** Fingerprint of already-read head and tail bytes (the tail may be the head for small files). */
export function fingerprintOf(size: number, head: Uint8Array, tail: Uint8Array): Fingerprint {
  return {
    size,
    type: detectType(head),
    headEntropy: shannonEntropy(head),
    tailEntropy: shannonEntropy(tail),
  };
}

/**
 * What a regular file looks like from its first and last 4 KiB. Null when the path is not a
 * regular file (directory, symlink, device, FIFO), is gone, or cannot be read. Synchronous so an
 * analysis can judge a write before the next event.
 */
export function fingerprintFile(path: string): Fingerprint | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    const size = stat.size;
    const head = readAt(fd, Math.min(SAMPLE_BYTES, size), 0);
    const tail = size <= SAMPLE_BYTES ? head : readAt(fd, SAMPLE_BYTES, size - SAMPLE_BYTES);
    return fingerprintOf(size, head, tail);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The first bytes of a regular file (for reading a ransom note's text), or null. */
export function readHead(path: string, length: number): Uint8Array | null {
  return readEnd(path, length, 'head');
}

/** The last bytes of a regular file (for a document's end marker), or null. */
export function readTail(path: string, length: number): Uint8Array | null {
  return readEnd(path, length, 'tail');
}

function readEnd(path: string, length: number, end: 'head' | 'tail'): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    return end === 'head' ? readAt(fd, length, 0) : readAt(fd, length, Math.max(0, stat.size - length));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
