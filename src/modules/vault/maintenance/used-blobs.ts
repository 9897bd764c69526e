import { LifelineError } from '../../../kernel/errors.js';
import { listSnapshots } from '../archiver/find-snapshot.js';
import type { SnapshotWithId } from '../archiver/model.js';
import { walkSnapshots } from '../check/walk.js';
import { MasterIndex } from '../repo/master-index.js';
import type { Repository } from '../repo/repository.js';

/**
 * MasterIndex keys of every tree and data blob reachable from the snapshots (default: all). A tree that cannot be
 * read stops everything: its blobs would look unused and prune would delete data still needed.
 */
export async function findUsedBlobs(
  repository: Repository,
  only?: SnapshotWithId[],
): Promise<{ used: Set<string>; snapshots: number }> {
  const snapshots = only ?? (await listSnapshots(repository));
  const used = new Set<string>(snapshots.map((s) => MasterIndex.keyOf('tree', s.tree)));
  const failures: LifelineError[] = [];
  // One walk for all snapshots: trees they share are read once.
  await walkSnapshots(repository, snapshots, {
    unreadableTree(id, path, tree, reason) {
      failures.push(
        new LifelineError(
          'VAULT_BLOB_MISSING',
          `snapshot ${id.slice(0, 8)}: tree ${tree} at ${path} cannot be read (${reason}); nothing was deleted`,
          { snapshot: id, tree },
        ),
      );
    },
    node(_id, _path, content, subtree) {
      for (const blob of content) used.add(MasterIndex.keyOf('data', blob));
      if (subtree) used.add(MasterIndex.keyOf('tree', subtree));
    },
  });
  const [failure] = failures;
  if (failure) throw failure;
  return { used, snapshots: snapshots.length };
}
