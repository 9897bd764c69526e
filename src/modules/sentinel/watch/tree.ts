import { opendir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { LifelineError } from '../../../kernel/errors.js';
import './errors.js';

/** Absolute, normalised roots; a relative or empty list is a configuration mistake. */
export function normaliseRoots(roots: readonly string[]): string[] {
  if (roots.length === 0) throw new LifelineError('SENTINEL_WATCH_ROOT_INVALID', 'No share root was given');
  return roots.map((root) => {
    if (!root.startsWith('/')) {
      throw new LifelineError('SENTINEL_WATCH_ROOT_INVALID', `A share root must be absolute: ${root}`, {
        root,
      });
    }
    return resolve(root);
  });
}

export async function assertDirectories(roots: readonly string[]): Promise<void> {
  for (const root of roots) {
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory()) {
      throw new LifelineError('SENTINEL_WATCH_ROOT_INVALID', `Not an existing directory: ${root}`, { root });
    }
  }
}

/**
 * Every directory under the roots, roots included, without following symlinks. A directory that
 * vanishes or cannot be read while we walk is skipped: the watcher reports what it could not watch.
 */
export async function listDirectories(roots: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const todo = [...roots];
  for (let dir = todo.pop(); dir !== undefined; dir = todo.pop()) {
    found.push(dir);
    const handle = await opendir(dir).catch(() => null);
    if (!handle) continue;
    for await (const entry of handle) {
      if (entry.isDirectory()) todo.push(join(dir, entry.name));
    }
  }
  return found;
}
