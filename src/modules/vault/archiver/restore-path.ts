import { lstatSync, rmSync } from 'node:fs';
import { lstat, mkdir, rm, unlink } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/**
 * Guards that keep a restore inside its target. Tree blobs come from the repository, which an
 * attacker may have written, so node names are treated as hostile: a name must be exactly one
 * path component, and nothing is ever created through a symlink or an existing non-directory.
 */
export class UnsafePathError extends Error {}

export function checkNodeName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new UnsafePathError('unsafe entry name refused');
  }
}

/** Joins a checked name onto a directory and re-checks containment, as a second line of defence. */
export function childPath(root: string, dir: string, name: string): string {
  checkNodeName(name);
  const path = resolve(dir, name);
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep))
    throw new UnsafePathError('path escapes the target');
  return path;
}

async function lstatOrNull(path: string): Promise<import('node:fs').Stats | null> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw err;
  }
}

/** Creates a directory, or accepts an existing real directory; a symlink in its place is refused. */
export async function ensureDirectory(path: string): Promise<void> {
  const st = await lstatOrNull(path);
  if (st?.isDirectory()) return;
  if (st) {
    if (st.isSymbolicLink()) throw new UnsafePathError('a symlink is in the way of a directory');
    await unlink(path);
  }
  await mkdir(path, { mode: 0o700 });
  const created = await lstat(path);
  if (!created.isDirectory()) throw new UnsafePathError('the directory was replaced during restore');
}

/** Clears the way for a file, symlink or special file; an existing directory is an error. */
export async function clearLeaf(path: string): Promise<void> {
  const st = await lstatOrNull(path);
  if (!st) return;
  if (st.isDirectory()) throw new UnsafePathError('a directory is in the way');
  await rm(path, { force: true });
}

/** clearLeaf for the synchronous small-file path. */
export function clearLeafSync(path: string): void {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) throw new UnsafePathError('a directory is in the way');
  rmSync(path, { force: true });
}
