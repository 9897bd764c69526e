import { posix } from 'node:path';
import { decodeTree } from '../archiver/model.js';
import type { Repository } from '../repo/repository.js';
import type { Id } from '../repo/types.js';

export interface SnapshotRef {
  id: Id;
  tree: Id;
}

export interface WalkVisitor {
  /** A tree blob that could not be loaded; its subtree is skipped. */
  unreadableTree(snapshot: Id, path: string, tree: Id, reason: string): void;
  /** Every node, with the snapshot it was reached from. */
  node(snapshot: Id, path: string, content: readonly Id[], subtree: Id | undefined): void;
}

/** Walks every snapshot's trees, loading each distinct tree once. */
export async function walkSnapshots(
  repository: Repository,
  snapshots: SnapshotRef[],
  visitor: WalkVisitor,
): Promise<void> {
  const seen = new Set<Id>();
  const walk = async (snapshot: Id, tree: Id, dir: string): Promise<void> => {
    let nodes;
    try {
      nodes = decodeTree(await repository.loadBlob('tree', tree)).nodes;
    } catch (error) {
      visitor.unreadableTree(snapshot, dir, tree, error instanceof Error ? error.message : 'unreadable');
      return;
    }
    for (const node of nodes) {
      const path = posix.join(dir, node.name);
      visitor.node(snapshot, path, node.content ?? [], node.subtree);
      if (node.subtree && !seen.has(node.subtree)) {
        seen.add(node.subtree);
        await walk(snapshot, node.subtree, path);
      }
    }
  };
  for (const snapshot of snapshots) {
    if (seen.has(snapshot.tree)) continue;
    seen.add(snapshot.tree);
    await walk(snapshot.id, snapshot.tree, '/');
  }
}
