import { createHash, type Hash } from 'node:crypto';
import { CRYPTO_OVERHEAD, corrupt, decrypt, encrypt } from './crypto.js';
import type { BlobType, Id, MasterKey } from './types.js';

/** One blob as a pack header describes it; offsets are implied by the order of the entries. */
export interface PackEntry {
  type: BlobType;
  id: Id;
  offset: number;
  length: number;
  /** Present only for compressed blobs (header types 2 and 3). */
  uncompressedLength?: number;
}

const PLAIN_ENTRY = 1 + 4 + 32;
const COMPRESSED_ENTRY = 1 + 4 + 4 + 32;
const LENGTH_FIELD = 4;
/** Largest header restic accepts; larger claims are damage, not data. */
export const MAX_HEADER = 16 * 1024 * 1024;
/** Enough tail bytes to read a typical header in one request. */
const EAGER_TAIL = 15 * COMPRESSED_ENTRY + CRYPTO_OVERHEAD + LENGTH_FIELD;

export function entrySize(entry: { uncompressedLength?: number }): number {
  return entry.uncompressedLength === undefined ? PLAIN_ENTRY : COMPRESSED_ENTRY;
}

/**
 * Collects encrypted blobs for one pack file, hashing as it goes so that closing a 16 MiB pack costs
 * one concatenation and a short header, not a second pass over the data.
 */
export class PackWriter {
  private readonly parts: Buffer[] = [];
  private readonly entries: PackEntry[] = [];
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly key: MasterKey) {}

  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.length;
  }

  /** Adds an already encrypted blob (IV ‖ ciphertext ‖ MAC). */
  add(type: BlobType, id: Id, encrypted: Buffer, uncompressedLength?: number): PackEntry {
    const entry: PackEntry = { type, id, offset: this.bytes, length: encrypted.length };
    if (uncompressedLength !== undefined) entry.uncompressedLength = uncompressedLength;
    this.parts.push(encrypted);
    this.hash.update(encrypted);
    this.entries.push(entry);
    this.bytes += encrypted.length;
    return entry;
  }

  /** Appends the encrypted header and its length; the pack's id is the SHA-256 of the whole file. */
  finalize(): { id: Id; data: Buffer; entries: PackEntry[] } {
    const header = encrypt(this.key, encodeHeader(this.entries));
    const length = Buffer.allocUnsafe(LENGTH_FIELD);
    length.writeUInt32LE(header.length, 0);
    this.parts.push(header, length);
    this.hash.update(header).update(length);
    const data = Buffer.concat(this.parts, this.bytes + header.length + LENGTH_FIELD);
    this.parts.length = 0;
    return { id: this.hash.digest('hex'), data, entries: this.entries };
  }
}

export function encodeHeader(entries: readonly PackEntry[]): Buffer {
  const out = Buffer.allocUnsafe(entries.reduce((n, e) => n + entrySize(e), 0));
  let pos = 0;
  for (const e of entries) {
    const compressed = e.uncompressedLength !== undefined;
    out[pos] = (e.type === 'data' ? 0 : 1) | (compressed ? 2 : 0);
    out.writeUInt32LE(e.length, pos + 1);
    pos += 5;
    if (compressed) {
      out.writeUInt32LE(e.uncompressedLength ?? 0, pos);
      pos += 4;
    }
    pos += out.write(e.id, pos, 32, 'hex');
  }
  return out;
}

/** Parses a decrypted header; `dataBytes` is how many bytes of blobs precede the header. */
export function parseHeader(plain: Buffer, dataBytes: number): PackEntry[] {
  const entries: PackEntry[] = [];
  let pos = 0;
  let offset = 0;
  while (pos < plain.length) {
    const kind = plain[pos] as number;
    if (kind > 3) throw corrupt('pack header', 'unknown blob type');
    const size = kind >= 2 ? COMPRESSED_ENTRY : PLAIN_ENTRY;
    if (pos + size > plain.length) throw corrupt('pack header', 'truncated entry');
    const length = plain.readUInt32LE(pos + 1);
    if (length < CRYPTO_OVERHEAD) throw corrupt('pack header', 'blob shorter than its encryption overhead');
    const entry: PackEntry = { type: kind % 2 === 0 ? 'data' : 'tree', id: '', offset, length };
    if (kind >= 2) entry.uncompressedLength = plain.readUInt32LE(pos + 5);
    entry.id = plain.toString('hex', pos + size - 32, pos + size);
    entries.push(entry);
    offset += length;
    pos += size;
  }
  if (offset !== dataBytes) throw corrupt('pack header', 'blob lengths do not add up to the pack size');
  return entries;
}

/** Reads a pack's header from its tail, using ranged loads; every inconsistency is VAULT_DATA_CORRUPT. */
export async function readPackHeader(
  key: MasterKey,
  fileSize: number,
  loadRange: (offset: number, length: number) => Promise<Buffer>,
): Promise<PackEntry[]> {
  if (fileSize < PLAIN_ENTRY + CRYPTO_OVERHEAD + LENGTH_FIELD) throw corrupt('pack', 'file too short');
  const eager = Math.min(fileSize, EAGER_TAIL);
  let tail = await loadRange(fileSize - eager, eager);
  const headerLength = headerLengthOf(tail, fileSize);
  if (headerLength + LENGTH_FIELD > tail.length) {
    tail = await loadRange(fileSize - headerLength - LENGTH_FIELD, headerLength + LENGTH_FIELD);
  }
  return parsePackTail(key, tail, fileSize);
}

function headerLengthOf(tail: Buffer, fileSize: number): number {
  if (tail.length < LENGTH_FIELD) throw corrupt('pack', 'file too short');
  const headerLength = tail.readUInt32LE(tail.length - LENGTH_FIELD);
  if (headerLength < CRYPTO_OVERHEAD) throw corrupt('pack', 'header length too short');
  if (headerLength > fileSize - LENGTH_FIELD || headerLength > MAX_HEADER)
    throw corrupt('pack', 'header length too large');
  return headerLength;
}

/** Parses the header given the last bytes of a pack (at least the header and its length field). */
export function parsePackTail(key: MasterKey, tail: Buffer, fileSize: number): PackEntry[] {
  const headerLength = headerLengthOf(tail, fileSize);
  if (headerLength + LENGTH_FIELD > tail.length) throw corrupt('pack', 'header incomplete');
  const sealed = tail.subarray(tail.length - LENGTH_FIELD - headerLength, tail.length - LENGTH_FIELD);
  const plain = decrypt(key, sealed, 'pack header');
  return parseHeader(plain, fileSize - headerLength - LENGTH_FIELD);
}
