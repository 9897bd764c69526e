import type { BlobRepository, Id } from '../repo/types.js';
import { decodeTree, type Node } from './model.js';

/** The node named by `path` (components below the snapshot root). */
export async function nodeAt(repo: BlobRepository, tree: Id, path: string): Promise<Node> {
  let nodes = decodeTree(await repo.loadBlob('tree', tree)).nodes;
  const parts = path.split('/').filter(Boolean);
  for (const [i, part] of parts.entries()) {
    const node = nodes.find((n) => n.name === part);
    if (!node) throw new Error(`${part} not in snapshot`);
    if (i === parts.length - 1) return node;
    nodes = decodeTree(await repo.loadBlob('tree', node.subtree!)).nodes;
  }
  throw new Error('empty path');
}
