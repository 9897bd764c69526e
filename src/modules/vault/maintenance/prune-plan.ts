import { CRYPTO_OVERHEAD } from '../repo/crypto.js';
import { MasterIndex } from '../repo/master-index.js';
import { entrySize, type PackEntry } from '../repo/pack.js';
import type { Id } from '../repo/types.js';
import type { MaxUnused } from './max-unused.js';

export interface PruneInput {
  /** Every pack the index files name, with all of its entries. */
  indexed: ReadonlyMap<Id, readonly PackEntry[]>;
  /** Every pack file in storage and its size. */
  stored: ReadonlyMap<Id, number>;
  /** MasterIndex keys of the blobs some snapshot uses. */
  used: ReadonlySet<string>;
  maxUnused: MaxUnused;
}

export interface PruneCounts {
  usedBlobs: number;
  usedBytes: number;
  /** Blobs no snapshot needs, including second copies of used ones. */
  unusedBlobs: number;
  unusedBytes: number;
  unindexedBytes: number;
  removeBytes: number;
  repackBytes: number;
  /** Unused bytes inside the packs being repacked: freed by rewriting them. */
  repackUnusedBytes: number;
}

export interface PrunePlan {
  keep: Id[];
  /** Packs none of whose blobs is needed. */
  remove: Id[];
  /** Packs to rewrite with only their `keepBlobs`. */
  repack: Id[];
  /** Pack files no index names (left by an interrupted backup or prune). */
  unindexed: Id[];
  /** Packs the index names that are gone from storage but held nothing needed. */
  missing: Id[];
  /** For each repacked pack, the entries to copy into new packs. */
  keepBlobs: Map<Id, PackEntry[]>;
  counts: PruneCounts;
}

export class PrunePlanError extends Error {
  constructor(
    readonly reason: 'blob-missing' | 'size-mismatch',
    readonly detail: { key?: string; packId?: Id },
  ) {
    super(reason);
  }
}

const keyOf = (e: PackEntry) => MasterIndex.keyOf(e.type, e.id);

/** Pack file size implied by its entries: the blobs, the encrypted header and its length field. */
export function impliedPackSize(entries: readonly PackEntry[]): number {
  return entries.reduce((n, e) => n + e.length + entrySize(e), 0) + CRYPTO_OVERHEAD + 4;
}

/**
 * Decides per pack, as restic's prune does: each needed blob is kept in exactly one existing pack
 * (the one holding most needed blobs), packs with nothing needed go, and partly used packs are
 * rewritten, most wasteful first, until the unused bytes left are within `maxUnused`. Tree and
 * mixed packs are always rewritten: they are small and every restore reads them.
 */
export function planPrune(input: PruneInput): PrunePlan {
  const usedPerPack = new Map<Id, number>();
  const locations = new Map<string, Id[]>();
  for (const [packId, entries] of input.indexed) {
    if (!input.stored.has(packId)) continue;
    for (const e of entries) {
      const key = keyOf(e);
      if (!input.used.has(key)) continue;
      usedPerPack.set(packId, (usedPerPack.get(packId) ?? 0) + 1);
      const where = locations.get(key) ?? [];
      if (!where.includes(packId)) where.push(packId);
      locations.set(key, where);
    }
  }
  const claim = new Map<string, Id>();
  for (const key of input.used) {
    const where = locations.get(key);
    if (!where) throw new PrunePlanError('blob-missing', { key });
    const best = where.reduce((a, b) => {
      const d = (usedPerPack.get(b) ?? 0) - (usedPerPack.get(a) ?? 0);
      return d > 0 || (d === 0 && b < a) ? b : a;
    });
    claim.set(key, best);
  }

  const plan: PrunePlan = {
    keep: [],
    remove: [],
    repack: [],
    unindexed: [],
    missing: [],
    keepBlobs: new Map(),
    counts: {
      usedBlobs: 0,
      usedBytes: 0,
      unusedBlobs: 0,
      unusedBytes: 0,
      unindexedBytes: 0,
      removeBytes: 0,
      repackBytes: 0,
      repackUnusedBytes: 0,
    },
  };
  const c = plan.counts;
  const candidates: { id: Id; used: number; unused: number; dataOnly: boolean; keep: PackEntry[] }[] = [];
  for (const [packId, entries] of input.indexed) {
    const kept = entries.filter((e) => claim.get(keyOf(e)) === packId && input.stored.has(packId));
    const header = impliedPackSize(entries) - entries.reduce((n, e) => n + e.length, 0);
    const used = kept.reduce((n, e) => n + e.length, 0) + header;
    const unused = entries.reduce((n, e) => n + e.length, 0) + header - used;
    const size = input.stored.get(packId);
    if (size === undefined) {
      plan.missing.push(packId);
      continue;
    }
    if (kept.length > 0 && size !== impliedPackSize(entries))
      throw new PrunePlanError('size-mismatch', { packId });
    c.usedBlobs += kept.length;
    c.usedBytes += kept.length > 0 ? used : 0;
    c.unusedBlobs += entries.length - kept.length;
    c.unusedBytes += kept.length > 0 ? unused : size;
    if (kept.length === 0) {
      plan.remove.push(packId);
      c.removeBytes += size;
    } else if (kept.length === entries.length && new Set(entries.map((e) => e.type)).size === 1) {
      plan.keep.push(packId);
    } else {
      const dataOnly = entries.every((e) => e.type === 'data');
      candidates.push({ id: packId, used, unused, dataOnly, keep: kept });
    }
  }
  for (const [packId, size] of input.stored) {
    if (!input.indexed.has(packId)) {
      plan.unindexed.push(packId);
      c.unindexedBytes += size;
    }
  }

  candidates.sort((a, b) => {
    if (a.dataOnly !== b.dataOnly) return a.dataOnly ? 1 : -1;
    return b.unused * a.used - a.unused * b.used || (a.id < b.id ? -1 : 1);
  });
  const allowed = input.maxUnused(c.usedBytes);
  for (const p of candidates) {
    const left = c.unusedBytes - c.removeBytes - c.repackUnusedBytes;
    if (p.dataOnly && left <= allowed) {
      plan.keep.push(p.id);
      continue;
    }
    plan.repack.push(p.id);
    plan.keepBlobs.set(p.id, p.keep);
    c.repackBytes += p.used + p.unused;
    c.repackUnusedBytes += p.unused;
  }
  return plan;
}
