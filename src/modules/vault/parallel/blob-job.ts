import type { Id } from '../repo/types.js';

/** The master key as plain bytes, since Buffers arrive in a worker as Uint8Arrays. */
export interface KeyBytes {
  encrypt: Uint8Array;
  macK: Uint8Array;
  macR: Uint8Array;
}

/** Compress (when `level` is set) and encrypt one blob. */
export interface SealJob {
  job: number;
  op: 'seal';
  key: KeyBytes;
  data: Uint8Array;
  level: number | null;
}

/** Verify, decrypt, decompress and re-hash one stored blob. */
export interface OpenJob {
  job: number;
  op: 'open';
  key: KeyBytes;
  data: Uint8Array;
  id: Id;
  what: string;
  uncompressedLength?: number;
}

export type BlobJob = SealJob | OpenJob;
/** A job before the pool numbers it. */
export type BlobRequest = Omit<SealJob, 'job'> | Omit<OpenJob, 'job'>;

export interface BlobReply {
  job: number;
  data: Uint8Array;
  uncompressedLength?: number;
}

export interface BlobFailure {
  job: number;
  error: { code?: string; message: string; details?: unknown };
}

/**
 * Returns bytes that may be moved to another thread without a copy, and the list to transfer.
 * A view into a larger or shared buffer (Node's small-Buffer pool, a chunker's read buffer) is
 * copied first: transferring it would detach memory others still use, and cloning it would copy the
 * whole backing store.
 */
export function transferable(bytes: Uint8Array): [Uint8Array, ArrayBuffer[]] {
  const backing = bytes.buffer;
  if (backing instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === backing.byteLength) {
    return [bytes, [backing]];
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return [copy, [copy.buffer]];
}
