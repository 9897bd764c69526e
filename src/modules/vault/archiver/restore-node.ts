import { execFile } from 'node:child_process';
import {
  closeSync,
  constants,
  chmodSync,
  lchownSync,
  lutimesSync,
  openSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { chmod, lchown, lutimes, open, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { LifelineError } from '../../../kernel/errors.js';
import type { BlobRepository, Id } from '../repo/types.js';
import { unixPermFromGo } from './go-mode.js';
import { nsToUtimeSeconds, parseGoTime } from './go-time.js';
import type { Node } from './model.js';
import type { XattrWriter } from './xattrs.js';

const run = promisify(execFile);
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Blobs loaded ahead of the one being written: overlaps reading and verifying with writing. */
const READ_AHEAD = 4;

/**
 * Writes a file's blobs in order while the next few load, so memory stays at a handful of blobs.
 * A blob that fails verification removes the partial file: a truncated record that looks complete
 * is worse than a missing one that the error list names.
 */
export async function writeFileContent(
  repo: BlobRepository,
  node: Node,
  path: string,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
  preloaded?: ReadonlyMap<Id, Buffer>,
): Promise<number> {
  const handle = await open(path, CREATE_FLAGS, 0o600);
  let written = 0;
  try {
    const ids = node.content ?? [];
    const ahead: Promise<Buffer>[] = [];
    const fetch = (i: number): void => {
      if (i >= ids.length) return;
      const id = ids[i]!;
      const ready = preloaded?.get(id);
      const loading = ready ? Promise.resolve(ready) : repo.loadBlob('data', id);
      // Failures surface when their turn comes; until then they must not count as unhandled.
      loading.catch(() => undefined);
      ahead.push(loading);
    };
    for (let i = 0; i < Math.min(READ_AHEAD, ids.length); i++) fetch(i);
    for (let i = 0; i < ids.length; i++) {
      signal?.throwIfAborted();
      const blob = await ahead.shift()!;
      fetch(i + READ_AHEAD);
      let offset = 0;
      while (offset < blob.length) {
        const { bytesWritten } = await handle.write(blob, offset, blob.length - offset);
        offset += bytesWritten;
      }
      written += blob.length;
      onBytes(blob.length);
    }
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    if ((err as { code?: string }).code === 'ENOSPC') {
      throw new LifelineError('VAULT_DISK_FULL', undefined, {}, { cause: err });
    }
    throw err;
  }
  await handle.close();
  return written;
}

/**
 * Writes a small file whose blobs are all in memory with synchronous calls: for files of a few
 * kilobytes the thread-pool round trips of open, write and close cost more than the writes, which
 * land in the page cache. A failure removes the partial file, as writeFileContent does.
 */
export function writeLoadedFileSync(path: string, blobs: readonly Buffer[]): number {
  const fd = openSync(path, CREATE_FLAGS, 0o600);
  let written = 0;
  try {
    for (const blob of blobs) {
      let offset = 0;
      while (offset < blob.length) offset += writeSync(fd, blob, offset, blob.length - offset);
      written += blob.length;
    }
  } catch (err) {
    closeQuietly(fd);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing partial is left behind either way.
    }
    if ((err as { code?: string }).code === 'ENOSPC') {
      throw new LifelineError('VAULT_DISK_FULL', undefined, {}, { cause: err });
    }
    throw err;
  }
  closeSync(fd);
  return written;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The write already failed; that error is the one worth reporting.
  }
}

/** Linux dev_t layout (glibc's gnu_dev_major / gnu_dev_minor). */
function splitDevice(device: number): { major: bigint; minor: bigint } {
  const dev = BigInt(device);
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major, minor };
}

/** FIFOs and device nodes: Node has no mknod(2), so the coreutils tools do it. */
export async function createSpecial(node: Node, path: string): Promise<void> {
  if (node.type === 'fifo') {
    await run('mkfifo', ['-m', '600', '--', path]);
    return;
  }
  const { major, minor } = splitDevice(node.device ?? 0);
  const kind = node.type === 'dev' ? 'b' : 'c';
  await run('mknod', ['-m', '600', '--', path, kind, String(major), String(minor)]);
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Ownership first (chown clears setuid/setgid and file capabilities), then permissions, extended
 * attributes, then times, since each earlier step would otherwise disturb the later ones. Ownership
 * is only restored when running as root, like `cp -a`. Times keep microsecond precision:
 * fs.utimes takes seconds as a double. Without `xattrs`, attributes are not restored.
 * applyPlainMetadataSync does the same for a regular file without extended attributes.
 */
export function applyPlainMetadataSync(node: Node, path: string): void {
  if (isRoot()) lchownSync(path, node.uid, node.gid);
  if (node.mode !== undefined) chmodSync(path, unixPermFromGo(node.mode));
  lutimesSync(path, nsToUtimeSeconds(parseGoTime(node.atime)), nsToUtimeSeconds(parseGoTime(node.mtime)));
}

export async function applyMetadata(
  node: Node,
  path: string,
  xattrs?: { writer: XattrWriter; warn: (message: string) => void },
): Promise<void> {
  if (isRoot()) await lchown(path, node.uid, node.gid);
  if (node.type !== 'symlink' && node.mode !== undefined) await chmod(path, unixPermFromGo(node.mode));
  if (xattrs) await xattrs.writer.restore(node, path, xattrs.warn);
  const mtime = nsToUtimeSeconds(parseGoTime(node.mtime));
  const atime = nsToUtimeSeconds(parseGoTime(node.atime));
  await lutimes(path, atime, mtime);
}
