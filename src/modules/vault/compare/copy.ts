import { LifelineError } from '../../../kernel/errors.js';
import { listSnapshots } from '../archiver/find-snapshot.js';
import { decodeTree, encodeSnapshot, type SnapshotWithId } from '../archiver/model.js';
import type { BlobRepository, BlobType, Id } from '../repo/types.js';

export interface CopyProgress {
  snapshot: Id;
  blobsCopied: number;
  bytesCopied: number;
}

export interface CopyOptions {
  /** Snapshots of the source to copy; default all of them. */
  snapshots?: SnapshotWithId[];
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyResult {
  copied: { source: Id; target: Id }[];
  /** Source snapshots the target holds already (same original snapshot). */
  skipped: Id[];
  dataBlobs: number;
  treeBlobs: number;
  /** Plaintext bytes of the blobs copied. */
  bytes: number;
}

/** A snapshot and its copies share an origin: restic records it in `original` on every copy. */
const originOf = (snapshot: SnapshotWithId): Id => snapshot.original ?? snapshot.id;

/**
 * Copies snapshots into another repository. The target has its own keys, so every blob is read,
 * verified and saved again under the target's encryption; blob ids are SHA-256 of the plaintext and
 * stay the same, which is why blobs the target has already are skipped. Children are saved before
 * the trees that name them and the target is flushed before each snapshot is written, so an
 * interrupted copy leaves unreferenced blobs at worst, never a snapshot with holes.
 */
export async function copySnapshots(
  source: BlobRepository,
  target: BlobRepository,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const wanted = options.snapshots ?? (await listSnapshots(source));
  const present = new Set((await listSnapshots(target)).map(originOf));
  const result: CopyResult = { copied: [], skipped: [], dataBlobs: 0, treeBlobs: 0, bytes: 0 };
  const done = new Set<string>();

  const store = async (type: BlobType, id: Id, plaintext: Buffer): Promise<void> => {
    const saved = await target.saveBlob(type, plaintext);
    if (saved.id !== id) {
      throw new LifelineError('VAULT_DATA_CORRUPT', `a ${type} blob changed its id while being copied`, {
        id,
      });
    }
    if (saved.stored) {
      if (type === 'tree') result.treeBlobs++;
      else result.dataBlobs++;
      result.bytes += plaintext.length;
    }
    done.add(`${type}:${id}`);
  };

  const copyTree = async (id: Id, snapshot: Id): Promise<void> => {
    const key = `tree:${id}`;
    if (done.has(key) || target.hasBlob('tree', id)) return;
    const plaintext = await source.loadBlob('tree', id);
    const nodes = decodeTree(plaintext).nodes;
    for (const node of nodes) {
      for (const blob of node.content ?? []) {
        if (done.has(`data:${blob}`) || target.hasBlob('data', blob)) continue;
        await store('data', blob, await source.loadBlob('data', blob));
        options.onProgress?.({
          snapshot,
          blobsCopied: result.dataBlobs + result.treeBlobs,
          bytesCopied: result.bytes,
        });
      }
      if (node.type === 'dir' && node.subtree) await copyTree(node.subtree, snapshot);
    }
    await store('tree', id, plaintext);
  };

  for (const snapshot of wanted) {
    const origin = originOf(snapshot);
    if (present.has(origin)) {
      result.skipped.push(snapshot.id);
      continue;
    }
    await copyTree(snapshot.tree, snapshot.id);
    await target.flush();
    const { id: _sourceId, ...fields } = snapshot;
    void _sourceId;
    const saved = await target.saveJson('snapshot', encodeSnapshot({ ...fields, original: origin }));
    present.add(origin);
    result.copied.push({ source: snapshot.id, target: saved });
  }
  return result;
}
