import { randomInt } from 'node:crypto';
import { listSnapshots } from '../archiver/find-snapshot.js';
import type { PackEntry } from '../repo/pack.js';
import type { Repository } from '../repo/repository.js';
import type { BlobType, Id } from '../repo/types.js';
import { type DamagedBlob, readPackData } from './read-pack.js';
import { walkSnapshots } from './walk.js';

export interface CheckOptions {
  /** Read every pack (or the given share of them) and prove every blob. */
  readData?: boolean;
  /** Percentage of packs to read, 0 < p ≤ 100; implies readData. */
  readDataSubsetPercent?: number;
  onProgress?: (progress: { phase: 'structure' | 'snapshots' | 'data'; done: number; total: number }) => void;
}

export interface AffectedFile {
  snapshot: Id;
  path: string;
}

export interface CheckReport {
  ok: boolean;
  errors: string[];
  /** Not errors: e.g. packs no index names (left by an interrupted backup; prune removes them). */
  hints: string[];
  packs: number;
  packsRead: number;
  snapshots: number;
  damagedBlobs: DamagedBlob[];
  /** Files (and trees) that use a damaged or missing blob: restoring them fails. */
  affected: AffectedFile[];
}

/**
 * Checks a repository the way restic does: the index against the packs' own headers, every snapshot's
 * trees and the presence of every blob they use, and, with readData, the content of every blob.
 */
export async function checkRepository(
  repository: Repository,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const errors: string[] = [];
  const hints: string[] = [];
  const damaged = new Map<string, DamagedBlob>();
  const byPack = new Map<Id, PackEntry[]>();
  for (const blob of repository.index.values()) {
    const list = byPack.get(blob.packId) ?? [];
    list.push({
      type: blob.type,
      id: blob.id,
      offset: blob.offset,
      length: blob.length,
      ...(blob.uncompressedLength !== undefined ? { uncompressedLength: blob.uncompressedLength } : {}),
    });
    byPack.set(blob.packId, list);
  }
  const stored = new Map<Id, number>();
  for await (const info of repository.listPacks()) stored.set(info.name, info.size);

  let done = 0;
  for (const [packId, entries] of byPack) {
    options.onProgress?.({ phase: 'structure', done: done++, total: byPack.size });
    const size = stored.get(packId);
    if (size === undefined) {
      errors.push(`pack ${packId} is named by the index but missing`);
      for (const entry of entries)
        damaged.set(key(entry.type, entry.id), {
          type: entry.type,
          id: entry.id,
          packId,
          reason: 'pack missing',
        });
      continue;
    }
    try {
      const header = await repository.readPackHeader(packId, size);
      if (!sameEntries(header, entries)) errors.push(`pack ${packId}: its header does not match the index`);
    } catch (error) {
      errors.push(
        `pack ${packId}: header unreadable (${error instanceof Error ? error.message : 'unknown'})`,
      );
    }
  }
  for (const packId of stored.keys()) {
    if (!byPack.has(packId)) hints.push(`pack ${packId} is not referenced by any index`);
  }

  let packsRead = 0;
  if (options.readData || options.readDataSubsetPercent !== undefined) {
    const chosen = choosePacks(
      [...byPack.keys()].filter((id) => stored.has(id)),
      options.readDataSubsetPercent ?? 100,
    );
    let read = 0;
    for (const packId of chosen) {
      options.onProgress?.({ phase: 'data', done: read++, total: chosen.length });
      for (const blob of await readPackData(repository, packId, byPack.get(packId) ?? [])) {
        damaged.set(key(blob.type, blob.id), blob);
        errors.push(`pack ${packId}: ${blob.type} blob ${blob.id} is damaged (${blob.reason})`);
      }
    }
    packsRead = chosen.length;
  }

  const snapshots = await listSnapshots(repository);
  const affected: AffectedFile[] = [];
  await walkSnapshots(repository, snapshots, {
    unreadableTree(snapshot, path, tree, reason) {
      errors.push(`snapshot ${snapshot.slice(0, 8)}: tree ${tree} at ${path} cannot be read (${reason})`);
      affected.push({ snapshot, path });
    },
    node(snapshot, path, content) {
      const bad = content.filter((id) => damaged.has(key('data', id)) || !repository.hasBlob('data', id));
      for (const id of bad) {
        if (!damaged.has(key('data', id)))
          errors.push(`snapshot ${snapshot.slice(0, 8)}: ${path} needs data blob ${id}, which is missing`);
      }
      if (bad.length > 0) affected.push({ snapshot, path });
    },
  });
  return {
    ok: errors.length === 0,
    errors,
    hints,
    packs: stored.size,
    packsRead,
    snapshots: snapshots.length,
    damagedBlobs: [...damaged.values()],
    affected,
  };
}

function key(type: BlobType, id: Id): string {
  return `${type}:${id}`;
}

function sameEntries(header: PackEntry[], indexed: PackEntry[]): boolean {
  const describe = (e: PackEntry) =>
    `${e.type}:${e.id}:${e.offset}:${e.length}:${e.uncompressedLength ?? ''}`;
  const inHeader = new Set(header.map(describe));
  return indexed.every((entry) => inHeader.has(describe(entry)));
}

/** A random share of the packs, so repeated subset checks cover the whole repository over time. */
function choosePacks(packs: Id[], percent: number): Id[] {
  if (percent >= 100) return packs;
  const count = Math.max(1, Math.ceil((packs.length * percent) / 100));
  const pool = [...packs];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j] as Id, pool[i] as Id];
  }
  return pool.slice(0, Math.min(count, pool.length));
}
