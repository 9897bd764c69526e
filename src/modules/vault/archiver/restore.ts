import { link, mkdir, realpath, symlink } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { isLifelineError } from '../../../kernel/errors.js';
import type { BlobRepository, Id } from '../repo/types.js';
import { findSnapshot } from './find-snapshot.js';
import { decodeTree, type Node } from './model.js';
import { PathFilter } from './path-filter.js';
import {
  applyMetadata,
  applyPlainMetadataSync,
  createSpecial,
  writeFileContent,
  writeLoadedFileSync,
} from './restore-node.js';
import { childPath, clearLeaf, clearLeafSync, ensureDirectory, UnsafePathError } from './restore-path.js';
import type { RestoreOptions, RestoreStats } from './restore-types.js';
import { Slots } from './slots.js';
import { SmallFileBatch } from './small-file-batch.js';
import { XattrWriter } from './xattrs.js';

/** Files written at the same time by default. */
const FILES_AT_ONCE = 8;

export type { RestoreOptions, RestoreStats } from './restore-types.js';

function describe(err: unknown): string {
  if (err instanceof UnsafePathError || isLifelineError(err)) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `cannot restore (${code})` : 'cannot restore';
}

class Restorer {
  /** "device:inode" of restored multiply-linked files, to recreate hard links. */
  private readonly linked = new Map<string, string>();
  private readonly xattrs = new XattrWriter();
  private readonly fileSlots: Slots;

  constructor(
    private readonly repo: BlobRepository,
    private readonly root: string,
    private readonly include: PathFilter,
    private readonly options: RestoreOptions,
    readonly stats: RestoreStats,
  ) {
    this.fileSlots = new Slots(Math.max(1, options.filesAtOnce ?? FILES_AT_ONCE));
  }

  private fail(path: string, err: unknown): void {
    if (isLifelineError(err) && err.code === 'VAULT_DISK_FULL') throw err;
    this.options.signal?.throwIfAborted();
    this.stats.errors.push({ path, message: describe(err) });
  }

  async restoreTree(treeId: Id, dir: string, snPath: string): Promise<void> {
    let nodes: Node[];
    try {
      nodes = decodeTree(await this.repo.loadBlob('tree', treeId)).nodes;
    } catch (err) {
      this.fail(snPath, err);
      return;
    }
    const seen = new Set<string>();
    const files: Promise<void>[] = [];
    const batch = new SmallFileBatch();
    let previousBatch: Promise<void> = Promise.resolve();
    const flushBatch = async (): Promise<void> => {
      const entries = batch.take();
      if (entries.length === 0) return;
      // The next batch loads while the previous one is written; at most two are held in memory.
      const blobs = await this.repo
        .loadBlobs(
          'data',
          entries.flatMap((entry) => entry.node.content ?? []),
        )
        // Without the batch each file loads its own blobs and reports its own failure.
        .catch(() => new Map<Id, Buffer>());
      await previousBatch;
      const writes = entries.map((entry) =>
        this.fileSlots.run(() =>
          this.restoreFile(entry.node, entry.path, entry.snPath, blobs).catch((err: unknown) =>
            this.fail(entry.snPath, err),
          ),
        ),
      );
      files.push(...writes);
      previousBatch = Promise.all(writes).then(() => undefined);
    };
    for (const node of nodes) {
      this.options.signal?.throwIfAborted();
      const itemPath = posix.join(snPath, node.name.replaceAll('/', '\\/'));
      try {
        // A crafted tree may repeat a name, e.g. a symlink and then a directory "through" it.
        if (seen.has(node.name)) throw new UnsafePathError('duplicate entry name refused');
        seen.add(node.name);
        const path = childPath(this.root, dir, node.name);
        // Plain files are written several at once, so that opening, writing and closing many small
        // files overlap; small ones are loaded in batches that read each stretch of a pack once.
        // Hard-linked ones stay in order: the first of a set must exist before the others link to it.
        if (node.type === 'file' && (node.links ?? 0) <= 1) {
          if (!this.selected(itemPath)) continue;
          if (batch.fits(node)) {
            if (batch.add({ node, path, snPath: itemPath })) await flushBatch();
            continue;
          }
          files.push(
            this.fileSlots.run(() =>
              this.restoreFile(node, path, itemPath).catch((err: unknown) => this.fail(itemPath, err)),
            ),
          );
          continue;
        }
        await this.restoreNode(node, path, itemPath);
      } catch (err) {
        this.fail(itemPath, err);
      }
    }
    try {
      await flushBatch();
    } catch (err) {
      this.fail(snPath, err);
    }
    // Every file of the directory is finished before its metadata is set or a failure returns.
    const outcomes = await Promise.allSettled(files);
    const fatal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (fatal) throw fatal.reason;
  }

  private attributes(snPath: string): { writer: XattrWriter; warn: (message: string) => void } {
    return { writer: this.xattrs, warn: (message) => this.stats.warnings.push({ path: snPath, message }) };
  }

  private selected(snPath: string): boolean {
    return this.include.empty || this.include.matches(snPath);
  }

  private async restoreNode(node: Node, path: string, snPath: string): Promise<void> {
    if (node.type === 'dir') {
      const selected = this.selected(snPath);
      if (!selected && !this.include.childMayMatch(snPath)) return;
      await ensureDirectory(path);
      if (node.subtree) await this.restoreTree(node.subtree, path, snPath);
      // Directory metadata goes last: writing the children would change its mtime again.
      await applyMetadata(node, path, this.attributes(snPath));
      this.stats.dirs++;
      return;
    }
    if (!this.selected(snPath)) return;
    switch (node.type) {
      case 'file':
        await this.restoreFile(node, path, snPath);
        return;
      case 'symlink':
        await clearLeaf(path);
        await symlink(node.linktarget ?? '', path);
        break;
      case 'fifo':
      case 'dev':
      case 'chardev':
        await clearLeaf(path);
        await createSpecial(node, path);
        break;
      case 'socket':
        this.stats.warnings.push({ path: snPath, message: 'sockets are not restored' });
        return;
      default:
        this.stats.warnings.push({ path: snPath, message: `unknown entry type skipped` });
        return;
    }
    await applyMetadata(node, path, this.attributes(snPath));
    this.stats.others++;
  }

  private async restoreFile(
    node: Node,
    path: string,
    snPath: string,
    preloaded?: ReadonlyMap<Id, Buffer>,
  ): Promise<void> {
    const key = (node.links ?? 0) > 1 && node.inode ? `${node.device_id ?? 0}:${node.inode}` : null;
    const ids = node.content ?? [];
    if (preloaded && key === null && ids.every((id) => preloaded.has(id))) {
      clearLeafSync(path);
      const written = writeLoadedFileSync(
        path,
        ids.map((id) => preloaded.get(id)!),
      );
      this.countBytes(written, snPath);
      if (node.extended_attributes?.length) await applyMetadata(node, path, this.attributes(snPath));
      else applyPlainMetadataSync(node, path);
      this.stats.files++;
      return;
    }
    await clearLeaf(path);
    const first = key ? this.linked.get(key) : undefined;
    if (first !== undefined) {
      await link(first, path);
      this.stats.others++;
      return;
    }
    await writeFileContent(
      this.repo,
      node,
      path,
      (n) => this.countBytes(n, snPath),
      this.options.signal,
      preloaded,
    );
    await applyMetadata(node, path, this.attributes(snPath));
    if (key) this.linked.set(key, path);
    this.stats.files++;
  }

  private countBytes(n: number, snPath: string): void {
    this.stats.bytes += n;
    this.options.onProgress?.({ files: this.stats.files, bytes: this.stats.bytes, currentPath: snPath });
  }
}

/**
 * Restores a snapshot ('latest', an id or an id prefix) below `target`, laid out as in the snapshot
 * (a backup of /srv/x restores to <target>/srv/x, as with `restic restore`). Entries that fail
 * are listed in `errors` and the rest is restored; callers must treat a non-empty list as failure.
 */
export async function restore(
  repo: BlobRepository,
  snapshotRef: string,
  options: RestoreOptions,
): Promise<RestoreStats> {
  const filter: { host?: string; paths?: string[] } = {};
  if (options.host !== undefined) filter.host = options.host;
  if (options.paths !== undefined) filter.paths = options.paths;
  const snapshot = await findSnapshot(repo, snapshotRef, filter);
  await mkdir(resolve(options.target), { recursive: true });
  const root = await realpath(resolve(options.target));
  const stats: RestoreStats = {
    snapshotId: snapshot.id,
    files: 0,
    dirs: 0,
    others: 0,
    bytes: 0,
    errors: [],
    warnings: [],
  };
  const restorer = new Restorer(repo, root, new PathFilter(options.include ?? []), options, stats);
  await restorer.restoreTree(snapshot.tree, root, '/');
  return stats;
}
