import { LifelineError } from '../../../kernel/errors.js';
import { findSnapshot, listSnapshots, type SnapshotFilter } from '../archiver/find-snapshot.js';
import { decodeTree, type Node, type SnapshotWithId } from '../archiver/model.js';
import { CRYPTO_OVERHEAD } from '../repo/crypto.js';
import type { Repository } from '../repo/repository.js';
import type { BlobType, Id } from '../repo/types.js';
import { findUsedBlobs } from './used-blobs.js';

export type StatsMode = 'restore-size' | 'raw-data';

export interface StatsOptions {
  mode?: StatsMode;
  /** Snapshot ids, prefixes or `latest`; default every snapshot passing `filter`. */
  snapshots?: string[];
  filter?: SnapshotFilter;
}

/** What restoring the snapshots would write: every entry counted, each inode's size once per snapshot. */
export interface RestoreSizeStats {
  mode: 'restore-size';
  snapshots: number;
  totalSize: number;
  totalFileCount: number;
}

/** What the snapshots occupy in the repository: each blob they use once, as stored. */
export interface RawDataStats {
  mode: 'raw-data';
  snapshots: number;
  totalBlobCount: number;
  /** Bytes in packs (encrypted, compressed where that helped). */
  totalSize: number;
  /** The same blobs encrypted but uncompressed, for comparison. */
  totalUncompressedSize: number;
  compressionRatio: number;
  /** Percentage of the uncompressed bytes that are stored compressed. */
  compressionProgress: number;
  /** Percentage saved by compression. */
  compressionSpaceSaving: number;
}

export async function repositoryStats(
  repository: Repository,
  options: StatsOptions = {},
): Promise<RestoreSizeStats | RawDataStats> {
  const snapshots = await chooseSnapshots(repository, options);
  if (options.mode === 'raw-data') return rawData(repository, snapshots);
  const out: RestoreSizeStats = {
    mode: 'restore-size',
    snapshots: snapshots.length,
    totalSize: 0,
    totalFileCount: 0,
  };
  const trees = new Map<Id, Node[]>();
  const load = async (id: Id): Promise<Node[]> => {
    let nodes = trees.get(id);
    if (!nodes) {
      nodes = decodeTree(await repository.loadBlob('tree', id)).nodes;
      trees.set(id, nodes);
    }
    return nodes;
  };
  for (const snapshot of snapshots) {
    // Hard links restore as one file: within a snapshot an inode's size counts once.
    const inodes = new Set<number>();
    const walk = async (tree: Id): Promise<void> => {
      for (const node of await load(tree)) {
        out.totalFileCount++;
        const inode = node.inode ?? 0;
        if (inode === 0 || !inodes.has(inode)) {
          inodes.add(inode);
          out.totalSize += node.size ?? 0;
        }
        if (node.subtree) await walk(node.subtree);
      }
    };
    await walk(snapshot.tree);
  }
  return out;
}

async function chooseSnapshots(repository: Repository, options: StatsOptions): Promise<SnapshotWithId[]> {
  if (!options.snapshots || options.snapshots.length === 0)
    return listSnapshots(repository, options.filter ?? {});
  const chosen = new Map<Id, SnapshotWithId>();
  for (const ref of options.snapshots) {
    const snapshot = await findSnapshot(repository, ref, options.filter ?? {});
    chosen.set(snapshot.id, snapshot);
  }
  return [...chosen.values()];
}

async function rawData(repository: Repository, snapshots: SnapshotWithId[]): Promise<RawDataStats> {
  const { used } = await findUsedBlobs(repository, snapshots);
  let size = 0;
  let uncompressed = 0;
  let compressedUncompressed = 0;
  for (const key of used) {
    const type: BlobType = key.startsWith('d') ? 'data' : 'tree';
    const blob = repository.index.get(type, key.slice(1));
    if (!blob)
      throw new LifelineError('VAULT_BLOB_MISSING', `${type} blob is not in the index`, {
        type,
        id: key.slice(1),
      });
    size += blob.length;
    const plainLength = blob.uncompressedLength ?? blob.length - CRYPTO_OVERHEAD;
    uncompressed += plainLength + CRYPTO_OVERHEAD;
    if (blob.uncompressedLength !== undefined) compressedUncompressed += plainLength + CRYPTO_OVERHEAD;
  }
  return {
    mode: 'raw-data',
    snapshots: snapshots.length,
    totalBlobCount: used.size,
    totalSize: size,
    totalUncompressedSize: uncompressed,
    compressionRatio: size > 0 ? uncompressed / size : 0,
    compressionProgress: uncompressed > 0 ? (compressedUncompressed / uncompressed) * 100 : 0,
    compressionSpaceSaving: uncompressed > 0 ? (1 - size / uncompressed) * 100 : 0,
  };
}
