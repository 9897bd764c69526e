import { createHash } from 'node:crypto';
import { chmod, chown, lstat, open, readdir, readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

import { LifelineError } from '../../../kernel/errors.js';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The content hash of a regular file, or null when there is none at `path`. */
export async function hashOf(path: string): Promise<string | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile()) return null;
    return sha256(await readFile(path));
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return null;
    throw error;
  }
}

/** A root and its top-level folders (not symlinks, not `lost+found`): where decoys go. */
export async function decoyFolders(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new LifelineError('SENTINEL_CANARY_ROOT_MISSING', undefined, { path: root });
  }
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && entry.name !== 'lost+found')
    .map((entry) => join(root, entry.name))
    .sort();
  return [root, ...folders];
}

/**
 * Creates `path` with `data` and never replaces anything already there (O_EXCL). The file takes the
 * folder's owner and the folder's permissions without execute bits, so it looks like its neighbours
 * and the share's users can open it. Returns false when the name is taken.
 */
export async function createExclusive(
  path: string,
  data: Buffer,
  folder: string,
  modified: Date,
): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeFailed(path, error);
  }
  try {
    await handle.writeFile(data);
  } catch (error) {
    throw writeFailed(path, error);
  } finally {
    await handle.close();
  }
  const owner = await stat(folder);
  if (process.getuid?.() === 0) await chown(path, owner.uid, owner.gid);
  await chmod(path, owner.mode & 0o666);
  await utimes(path, modified, modified);
  return true;
}

function writeFailed(path: string, error: unknown): LifelineError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  return new LifelineError(
    'SENTINEL_CANARY_WRITE_FAILED',
    `A canary could not be written (${code})`,
    { path, reason: code },
    { cause: error },
  );
}
