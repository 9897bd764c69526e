import { lstat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { LifelineError } from '../../../kernel/errors.js';
import type { BlobRepository } from '../repo/types.js';
import { emptyStats, type BackupOptions, type BackupResult } from './backup-types.js';
import { BackupWalker } from './backup-walker.js';
import { formatGoTime, nowNs } from './go-time.js';
import { decodeTree, encodeSnapshot, type Node, type Snapshot } from './model.js';
import { PathFilter } from './path-filter.js';
import { buildLayout, normaliseSources } from './source-layout.js';

export type {
  BackupOptions,
  BackupProgress,
  BackupResult,
  BackupStats,
  Chunker,
  ItemProblem,
} from './backup-types.js';

function currentUser(): { username: string; uid: number; gid: number } {
  try {
    const info = userInfo();
    return { username: info.username, uid: info.uid, gid: info.gid };
  } catch {
    return { username: '', uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  }
}

/**
 * Backs up `paths` into a new snapshot. Items that cannot be read are reported in `stats.errors`
 * and left out while the rest is saved; callers must treat a non-empty `errors` as a failed run.
 * A source path that does not exist at all fails the call before anything is written.
 */
export async function backup(repo: BlobRepository, options: BackupOptions): Promise<BackupResult> {
  const startedNs = nowNs();
  const sources = normaliseSources(options.paths, options.cwd ?? process.cwd());
  if (sources.length === 0) throw new LifelineError('VALIDATION_FAILED', 'No path to back up');
  for (const source of sources) {
    try {
      await lstat(source);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new LifelineError(
        'VAULT_SOURCE_UNREADABLE',
        `${source} cannot be backed up (${reason})`,
        { path: source },
        { cause: err },
      );
    }
  }
  const excludes = new PathFilter(options.excludes ?? []);
  const stats = emptyStats();
  const walker = new BackupWalker(repo, options, excludes, stats);

  let previousRoot: Node[] = [];
  if (options.parent) {
    previousRoot = await repo
      .loadBlob('tree', options.parent.tree)
      .then((data) => decodeTree(data).nodes)
      .catch(() => []);
  }

  const { root, rootSource } = buildLayout(sources);
  let tree;
  if (rootSource) {
    const rootNode = await walker.saveItem('/', '/', {
      name: '/',
      type: 'dir',
      subtree: options.parent?.tree,
    } as Node);
    if (!rootNode?.subtree)
      throw new LifelineError('VAULT_SOURCE_UNREADABLE', 'The root directory cannot be read', { path: '/' });
    tree = rootNode.subtree;
  } else {
    tree = await walker.saveLayout(root, previousRoot);
  }
  options.signal?.throwIfAborted();
  await repo.flush();

  const user = currentUser();
  const snapshot: Snapshot = {
    time: formatGoTime(startedNs),
    tree,
    paths: sources,
    hostname: options.host ?? hostname(),
    username: user.username,
    uid: user.uid,
    gid: user.gid,
  };
  if (options.parent) snapshot.parent = options.parent.id;
  if (options.excludes?.length) snapshot.excludes = [...options.excludes];
  if (options.tags?.length) snapshot.tags = [...options.tags];
  if (options.programVersion) snapshot.program_version = options.programVersion;
  const encoded = encodeSnapshot(snapshot);
  const snapshotId = await repo.saveJson('snapshot', encoded);
  return { snapshotId, snapshot: encoded as unknown as Snapshot, stats };
}
