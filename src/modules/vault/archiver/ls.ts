import { posix } from 'node:path';
import type { BlobRepository, Id } from '../repo/types.js';
import { goModeString } from './mode-string.js';
import { decodeTree, type Node } from './model.js';

export interface ListedEntry {
  /** Path inside the snapshot, starting with "/". */
  path: string;
  node: Node;
}

export interface ListOptions {
  /** Only entries at or below this snapshot path. */
  under?: string;
  /** Descend into subdirectories (default true); false lists one level below `under`. */
  recursive?: boolean;
}

function isUnder(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

/** Walks a snapshot tree depth first in name order, loading only the trees that are needed. */
export async function* listTree(
  repo: BlobRepository,
  tree: Id,
  options: ListOptions = {},
): AsyncIterable<ListedEntry> {
  const under = posix.normalize(options.under ?? '/').replace(/(.)\/$/, '$1');
  const recursive = options.recursive ?? true;
  const depthOf = (p: string): number => (p === '/' ? 0 : p.split('/').length - 1);
  const maxDepth = recursive ? Infinity : depthOf(under) + 1;

  async function* walk(id: Id, dir: string): AsyncIterable<ListedEntry> {
    const { nodes } = decodeTree(await repo.loadBlob('tree', id));
    for (const node of nodes) {
      const path = posix.join(dir, node.name);
      const depth = depthOf(path);
      if (isUnder(path, under) && depth <= maxDepth && path !== under) yield { path, node };
      const descend = isUnder(path, under) ? depth < maxDepth : isUnder(under, path);
      if (node.type === 'dir' && node.subtree && descend) yield* walk(node.subtree, path);
    }
  }
  yield* walk(tree, '/');
}

/** One line per entry in the style of `restic ls -l`. */
export function formatEntry(entry: ListedEntry): string {
  const { node } = entry;
  const owner = `${node.user || node.uid} ${node.group || node.gid}`;
  return `${goModeString(node)} ${owner} ${String(node.size ?? 0).padStart(10)} ${node.mtime} ${entry.path}`;
}
