import { posix } from 'node:path';
import { decodeTree, type Node } from '../archiver/model.js';
import type { BlobRepository, BlobType, Id, PackedBlob } from '../repo/types.js';

/**
 * restic diff's markers: `+` added, `-` removed, `M` file content changed, `U` metadata changed
 * only, `T` type changed (`TM`/`TU` never occur: a type change says enough).
 */
export type ChangeKind = '+' | '-' | 'M' | 'U' | 'T';

export interface Change {
  kind: ChangeKind;
  /** Path in the snapshot; directories end with "/", as in restic's output. */
  path: string;
}

export interface SideStats {
  files: number;
  dirs: number;
  others: number;
  dataBlobs: number;
  treeBlobs: number;
  /** Plaintext bytes of the data blobs only this side has. */
  bytes: number;
}

export interface DiffStats {
  changedFiles: number;
  added: SideStats;
  removed: SideStats;
}

export interface DiffResult {
  changes: Change[];
  stats: DiffStats;
}

/** Plaintext size of a blob, from the repository index; undefined when the index does not know it. */
export type BlobSize = (type: BlobType, id: Id) => number | undefined;

const emptySide = (): SideStats => ({ files: 0, dirs: 0, others: 0, dataBlobs: 0, treeBlobs: 0, bytes: 0 });

/** The metadata a person restoring cares about; atime, ctime and inode change without anyone acting. */
const METADATA = ['mode', 'mtime', 'uid', 'gid', 'user', 'group', 'size', 'linktarget', 'device'] as const;

function metadataEqual(a: Node, b: Node): boolean {
  if (METADATA.some((key) => (a[key] ?? null) !== (b[key] ?? null))) return false;
  return JSON.stringify(a.extended_attributes ?? []) === JSON.stringify(b.extended_attributes ?? []);
}

function sameList(a: readonly Id[] | null, b: readonly Id[] | null): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

/**
 * Compares two snapshot trees the way restic diff does: identical subtrees are skipped by id, so
 * the cost follows the size of the change, not of the snapshots (apart from collecting blob ids).
 */
export async function diffTrees(
  repo: BlobRepository,
  before: Id,
  after: Id,
  blobSize: BlobSize = () => undefined,
): Promise<DiffResult> {
  const changes: Change[] = [];
  const stats: DiffStats = { changedFiles: 0, added: emptySide(), removed: emptySide() };
  const blobs = { before: new Set<string>(), after: new Set<string>() };
  const treeCache = new Map<Id, Node[]>();
  const load = async (id: Id): Promise<Node[]> => {
    let nodes = treeCache.get(id);
    if (!nodes) {
      nodes = decodeTree(await repo.loadBlob('tree', id)).nodes;
      treeCache.set(id, nodes);
    }
    return nodes;
  };

  const collect = async (into: Set<string>, tree: Id): Promise<void> => {
    if (into.has(`tree:${tree}`)) return;
    into.add(`tree:${tree}`);
    for (const node of await load(tree)) {
      for (const id of node.content ?? []) into.add(`data:${id}`);
      if (node.type === 'dir' && node.subtree) await collect(into, node.subtree);
    }
  };

  const count = (side: SideStats, node: Node): void => {
    if (node.type === 'file') side.files++;
    else if (node.type === 'dir') side.dirs++;
    else side.others++;
  };

  const whole = async (kind: '+' | '-', node: Node, path: string): Promise<void> => {
    const dirPath = node.type === 'dir' ? `${path}/` : path;
    changes.push({ kind, path: dirPath });
    count(kind === '+' ? stats.added : stats.removed, node);
    for (const id of node.content ?? []) (kind === '+' ? blobs.after : blobs.before).add(`data:${id}`);
    if (node.type !== 'dir' || !node.subtree) return;
    (kind === '+' ? blobs.after : blobs.before).add(`tree:${node.subtree}`);
    for (const child of await load(node.subtree)) await whole(kind, child, posix.join(path, child.name));
  };

  const walk = async (a: Id, b: Id, dir: string): Promise<void> => {
    blobs.before.add(`tree:${a}`);
    blobs.after.add(`tree:${b}`);
    const left = new Map((await load(a)).map((n) => [n.name, n]));
    const right = new Map((await load(b)).map((n) => [n.name, n]));
    const names = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) =>
      Buffer.compare(Buffer.from(x), Buffer.from(y)),
    );
    for (const name of names) {
      const path = posix.join(dir, name);
      const x = left.get(name);
      const y = right.get(name);
      if (!y && x) await whole('-', x, path);
      else if (!x && y) await whole('+', y, path);
      else if (x && y) await both(x, y, path);
    }
  };

  const both = async (x: Node, y: Node, path: string): Promise<void> => {
    for (const id of x.content ?? []) blobs.before.add(`data:${id}`);
    for (const id of y.content ?? []) blobs.after.add(`data:${id}`);
    const shown = y.type === 'dir' ? `${path}/` : path;
    if (x.type !== y.type) changes.push({ kind: 'T', path: shown });
    else if (x.type === 'file' && !sameList(x.content, y.content)) {
      changes.push({ kind: 'M', path: shown });
      stats.changedFiles++;
    } else if (!metadataEqual(x, y)) changes.push({ kind: 'U', path: shown });
    if (x.type === 'dir' && y.type === 'dir' && x.subtree && y.subtree) {
      if (x.subtree === y.subtree) {
        await collect(blobs.before, x.subtree);
        await collect(blobs.after, y.subtree);
      } else await walk(x.subtree, y.subtree, path);
    } else {
      // A type change replaces everything below, so the old and new contents count as removed and added.
      if (x.type === 'dir' && x.subtree) await collect(blobs.before, x.subtree);
      if (y.type === 'dir' && y.subtree) await collect(blobs.after, y.subtree);
    }
  };

  await walk(before, after, '/');
  tally(blobs.after, blobs.before, stats.added, blobSize);
  tally(blobs.before, blobs.after, stats.removed, blobSize);
  return { changes, stats };
}

function tally(mine: Set<string>, theirs: Set<string>, side: SideStats, blobSize: BlobSize): void {
  for (const key of mine) {
    if (theirs.has(key)) continue;
    const [type, id] = key.split(':') as [BlobType, Id];
    if (type === 'tree') side.treeBlobs++;
    else {
      side.dataBlobs++;
      side.bytes += blobSize('data', id) ?? 0;
    }
  }
}

/** Plaintext blob sizes from an open repository's index, for the byte totals of a diff. */
export function indexBlobSize(index: { get(type: BlobType, id: Id): PackedBlob | undefined }): BlobSize {
  return (type, id) => {
    const where = index.get(type, id);
    // The stored length includes the 16-byte IV and the 16-byte MAC.
    return where ? (where.uncompressedLength ?? where.length - 32) : undefined;
  };
}
