import type { BigIntStats } from 'node:fs';
import { constants, fstatSync } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { BlobRepository, Id } from '../repo/types.js';
import type { BackupOptions, BackupStats } from './backup-types.js';
import { parseGoTime } from './go-time.js';
import { decodeTree, encodeTree, type Node } from './model.js';
import { nodeFromStat } from './node-from-stat.js';
import type { PathFilter } from './path-filter.js';
import type { LayoutDir } from './source-layout.js';
import { readWhole } from './read-whole.js';
import { XattrReader } from './xattrs.js';
import { Slots } from './slots.js';

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A failure confined to one item: it is reported and left out, the backup goes on. */
class ItemError extends Error {}

function describe(err: unknown): string {
  if (err instanceof ItemError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `cannot read (${code})` : 'cannot read';
}

/** Files read at the same time: enough to hide per-file latency, few enough to bound memory. */
const FILES_AT_ONCE = 8;

/** Walks the sources depth first, saving file content and tree blobs bottom-up. */
export class BackupWalker {
  private readonly xattrs = new XattrReader((path, message) => this.stats.warnings.push({ path, message }));

  constructor(
    private readonly repo: BlobRepository,
    private readonly options: BackupOptions,
    private readonly excludes: PathFilter,
    readonly stats: BackupStats,
  ) {
    this.fileSlots = new Slots(Math.max(1, options.filesAtOnce ?? FILES_AT_ONCE));
  }

  private readonly fileSlots: Slots;

  private progress(currentPath: string): void {
    const { files, dirs, bytesRead, bytesUnchanged } = this.stats;
    this.options.onProgress?.({ files, dirs, bytes: bytesRead + bytesUnchanged, currentPath });
  }

  private fail(path: string, err: unknown): null {
    this.options.signal?.throwIfAborted();
    this.stats.errors.push({ path, message: describe(err) });
    return null;
  }

  /** nodeFromStat plus extended attributes, read from `readPath` when a handle is open. */
  private async describeItem(name: string, path: string, st: BigIntStats, readPath?: string): Promise<Node> {
    return this.xattrs.attach(await nodeFromStat(name, path, st), path, readPath);
  }

  private async saveTree(nodes: Node[]): Promise<Id> {
    const { id, stored } = await this.repo.saveBlob('tree', encodeTree({ nodes }));
    if (stored) this.stats.treeBlobsStored++;
    return id;
  }

  private async loadPrevious(node: Node | undefined): Promise<Node[]> {
    if (node?.type !== 'dir' || !node.subtree) return [];
    try {
      return decodeTree(await this.repo.loadBlob('tree', node.subtree)).nodes;
    } catch {
      // An unreadable parent tree only costs the shortcut: its files are read again.
      return [];
    }
  }

  /** The tree for an intermediate directory of the layout (see source-layout.ts). */
  async saveLayout(dir: LayoutDir, previous: Node[]): Promise<Id> {
    const nodes: Node[] = [];
    for (const [name, entry] of dir.children) {
      const prev = previous.find((n) => n.name === name);
      if (entry.kind === 'source') {
        const node = await this.saveItem(entry.path, name, prev);
        if (node) nodes.push(node);
        continue;
      }
      const subtree = await this.saveLayout(entry.dir, await this.loadPrevious(prev));
      const node = await this.describeItem(
        name,
        entry.dir.infoPath,
        await stat(entry.dir.infoPath, { bigint: true }),
      );
      nodes.push({ ...node, subtree });
    }
    return this.saveTree(nodes);
  }

  /** Backs up one path; returns its node, or null when it is excluded or failed. */
  async saveItem(
    path: string,
    name: string,
    prev: Node | undefined,
    known?: BigIntStats,
  ): Promise<Node | null> {
    this.options.signal?.throwIfAborted();
    if (this.excludes.matches(path)) return null;
    let st: BigIntStats;
    try {
      st = known ?? (await lstat(path, { bigint: true }));
    } catch (err) {
      return this.fail(path, err);
    }
    if (st.isFile()) return this.fileSlots.run(() => this.saveFile(path, name, prev, st));
    if (st.isDirectory()) {
      try {
        return await this.saveDir(path, name, prev, st);
      } catch (err) {
        return this.fail(path, err);
      }
    }
    const node = await nodeFromStat(name, path, st).catch((err: unknown) => this.fail(path, err));
    if (!node) return null;
    this.stats.others++;
    if (node.type !== 'symlink') {
      this.stats.warnings.push({ path, message: `${node.type} recorded without content` });
    }
    return node;
  }

  private async saveDir(path: string, name: string, prev: Node | undefined, st: BigIntStats): Promise<Node> {
    const node = await this.describeItem(name, path, st);
    const names = (await readdir(path)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    this.stats.dirs++;
    this.progress(path);
    const previous = await this.loadPrevious(prev);
    // Every child is stat'ed before any is read, as restic does; a child that changes type in
    // between is caught when it is opened.
    // The lstat calls run concurrently: one after another, their round trips dominated directories
    // of many small files.
    const children = await Promise.all(
      names
        .map((child) => ({ name: child, path: posix.join(path, child) }))
        .filter((child) => !this.excludes.matches(child.path))
        .map(async (child) => ({
          ...child,
          st: await lstat(child.path, { bigint: true }).catch(() => undefined),
        })),
    );
    // Children are saved concurrently (files through the walker's slots); the tree keeps name order.
    const byName = new Map(previous.map((n) => [n.name, n]));
    const saved = await Promise.all(
      children.map((child) => this.saveItem(child.path, child.name, byName.get(child.name), child.st)),
    );
    const nodes = saved.filter((n): n is Node => n !== null);
    return { ...node, subtree: await this.saveTree(nodes) };
  }

  private unchanged(prev: Node | undefined, st: BigIntStats): prev is Node & { content: Id[] } {
    if (prev?.type !== 'file' || !prev.content) return false;
    try {
      if ((prev.size ?? 0) !== Number(st.size) || (prev.inode ?? 0) !== Number(st.ino)) return false;
      if (parseGoTime(prev.mtime) !== st.mtimeNs || parseGoTime(prev.ctime) !== st.ctimeNs) return false;
    } catch {
      return false;
    }
    return prev.content.every((id) => this.repo.hasBlob('data', id));
  }

  private async saveFile(
    path: string,
    name: string,
    prev: Node | undefined,
    st: BigIntStats,
  ): Promise<Node | null> {
    if (this.unchanged(prev, st)) {
      const node = await this.describeItem(name, path, st);
      this.stats.files++;
      this.stats.filesUnchanged++;
      this.stats.bytesUnchanged += Number(st.size);
      this.progress(path);
      return { ...node, content: [...prev.content] };
    }
    let handle;
    try {
      handle = await open(path, READ_FLAGS);
    } catch (err) {
      return this.fail(path, err);
    }
    try {
      // fstat of an open descriptor only reads the inode the kernel holds already: no round trip.
      const opened = fstatSync(handle.fd, { bigint: true });
      if (!opened.isFile()) throw new ItemError('changed type while being backed up');
      // Attributes through the open handle, so that they belong to the inode whose content is read.
      const fdPath = process.platform === 'linux' ? `/proc/self/fd/${handle.fd}` : path;
      const node = await this.describeItem(name, path, opened, fdPath);
      const content: Id[] = [];
      let size = 0;
      const whole = this.options.chunk.wholeBelow;
      // Most files of a hospital share are small: one read and one blob, without a stream per file.
      const small =
        whole !== undefined && opened.size < BigInt(whole)
          ? await readWhole(handle, opened.size, whole)
          : undefined;
      const pieces = small
        ? small.length > 0
          ? [small]
          : []
        : this.options.chunk(handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false, start: 0 }));
      for await (const piece of pieces) {
        this.options.signal?.throwIfAborted();
        const { id, stored } = await this.repo.saveBlob('data', piece);
        if (stored) {
          this.stats.dataBlobsStored++;
          this.stats.dataBytesStored += piece.length;
        }
        content.push(id);
        size += piece.length;
        this.stats.bytesRead += piece.length;
        this.progress(path);
      }
      this.stats.files++;
      // The size is what was read: a file growing during the backup must match its content list.
      return { ...node, size, content };
    } catch (err) {
      return this.fail(path, err);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }
}
