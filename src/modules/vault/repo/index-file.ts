import { corrupt } from './crypto.js';
import type { PackEntry } from './pack.js';
import type { Id } from './types.js';

/** The decoded form of one index file. */
export interface IndexFile {
  supersedes: Id[];
  packs: { id: Id; blobs: PackEntry[] }[];
}

const ID = /^[0-9a-f]{64}$/;
const MAX_U32 = 0xffffffff;

function isCount(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** Validates an index document field by field: it comes from storage that may be damaged or hostile. */
export function parseIndexFile(json: Buffer | string): IndexFile {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === 'string' ? json : json.toString('utf8'));
  } catch {
    throw corrupt('index', 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw corrupt('index', 'not an object');
  const { supersedes, packs } = value as { supersedes?: unknown; packs?: unknown };
  const out: IndexFile = { supersedes: [], packs: [] };
  if (supersedes !== undefined && supersedes !== null) {
    if (!Array.isArray(supersedes) || !supersedes.every((s) => typeof s === 'string' && ID.test(s))) {
      throw corrupt('index', 'invalid supersedes list');
    }
    out.supersedes = supersedes as Id[];
  }
  if (!Array.isArray(packs)) throw corrupt('index', 'packs missing');
  for (const pack of packs as unknown[]) {
    const p = pack as { id?: unknown; blobs?: unknown } | null;
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.id !== 'string' ||
      !ID.test(p.id) ||
      !Array.isArray(p.blobs)
    ) {
      throw corrupt('index', 'invalid pack entry');
    }
    out.packs.push({ id: p.id, blobs: (p.blobs as unknown[]).map(parseBlob) });
  }
  return out;
}

function parseBlob(blob: unknown): PackEntry {
  const b = blob as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null) throw corrupt('index', 'invalid blob entry');
  const { id, type, offset, length, uncompressed_length: raw } = b;
  if (typeof id !== 'string' || !ID.test(id) || (type !== 'data' && type !== 'tree'))
    throw corrupt('index', 'invalid blob entry');
  if (!isCount(offset) || !isCount(length, 32) || length > MAX_U32)
    throw corrupt('index', 'invalid blob position');
  const entry: PackEntry = { type, id, offset, length };
  if (raw !== undefined && raw !== null && raw !== 0) {
    if (!isCount(raw, 1) || raw > MAX_U32) throw corrupt('index', 'invalid uncompressed length');
    entry.uncompressedLength = raw;
  }
  return entry;
}

export function encodeIndexFile(file: IndexFile): Buffer {
  const doc: Record<string, unknown> = {};
  if (file.supersedes.length > 0) doc.supersedes = file.supersedes;
  doc.packs = file.packs.map((pack) => ({
    id: pack.id,
    blobs: pack.blobs.map((b) => {
      const blob: Record<string, unknown> = { id: b.id, type: b.type, offset: b.offset, length: b.length };
      if (b.uncompressedLength !== undefined) blob.uncompressed_length = b.uncompressedLength;
      return blob;
    }),
  }));
  return Buffer.from(JSON.stringify(doc));
}
