import { LifelineError } from '../../../kernel/errors.js';
import type { PackEntry } from '../repo/pack.js';
import type { Repository } from '../repo/repository.js';
import type { Id } from '../repo/types.js';
import { type MaxUnused, parseMaxUnused } from './max-unused.js';
import { type PruneCounts, PrunePlanError, planPrune } from './prune-plan.js';
import { type NewPack, repackBlobs } from './repack.js';
import { findUsedBlobs } from './used-blobs.js';

/** `index`: new packs are written, no index names them yet; `index-written`: nothing deleted yet. */
export type PrunePhase = 'snapshots' | 'plan' | 'repack' | 'index' | 'index-written';

export interface PruneOptions {
  dryRun?: boolean;
  /** Default: 5% of the size in use, as restic. */
  maxUnused?: MaxUnused;
  /** Size at which a new pack is closed. */
  packSize?: number;
  /** Called as each phase begins; a throw here aborts prune at that point (the order stays safe). */
  onPhase?: (phase: PrunePhase) => void | Promise<void>;
}

export interface PruneResult {
  dryRun: boolean;
  snapshots: number;
  counts: PruneCounts;
  packsKept: number;
  packsRemoved: number;
  packsRepacked: number;
  unindexedPacksRemoved: number;
  /** Index entries dropped for pack files that were already gone and held nothing needed. */
  missingPacksForgotten: number;
  packsWritten: number;
  /** Pack bytes deleted minus pack bytes written (in a dry run: what would be). */
  bytesFreed: number;
  /** Half-written files left by writers that died (killed, disk full), removed once an hour old. */
  temporariesRemoved: number;
}

/** A half-written file younger than this may belong to a writer on a machine with a skewed clock. */
const TEMPORARY_GRACE_MS = 60 * 60_000;

const DEFAULT_PACK_SIZE = 16 * 1024 * 1024;
const BLOBS_PER_INDEX_FILE = 50_000;

/**
 * Deletes data no snapshot needs. Order is what keeps it crash-safe: new packs are durable before an
 * index names them; the new index (covering every pack that stays) is durable before any old index
 * goes; packs go only once no index names them. Interrupted anywhere, the repository holds at worst
 * extra packs and duplicate index entries, never a reference to a missing pack.
 *
 * The caller holds an exclusive lock. The repository's in-memory index is stale afterwards: open the
 * repository again before using it.
 */
export async function pruneRepository(
  repository: Repository,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const phase = async (p: PrunePhase) => options.onPhase?.(p);
  await repository.flush();
  await phase('snapshots');
  const { used, snapshots } = await findUsedBlobs(repository);

  await phase('plan');
  const indexed = new Map<Id, PackEntry[]>();
  const oldIndexFiles: Id[] = [];
  for await (const { id, file } of repository.indexFiles()) {
    oldIndexFiles.push(id);
    // After an interrupted prune a pack may be listed twice; every listing describes the same file.
    for (const pack of file.packs) if (!indexed.has(pack.id)) indexed.set(pack.id, pack.blobs);
  }
  const stored = new Map<Id, number>();
  for await (const info of repository.listPacks()) stored.set(info.name, info.size);
  let plan;
  try {
    plan = planPrune({ indexed, stored, used, maxUnused: options.maxUnused ?? parseMaxUnused('5%') });
  } catch (error) {
    throw explain(error);
  }

  const result: PruneResult = {
    dryRun: Boolean(options.dryRun),
    snapshots,
    counts: plan.counts,
    packsKept: plan.keep.length,
    packsRemoved: plan.remove.length,
    packsRepacked: plan.repack.length,
    unindexedPacksRemoved: plan.unindexed.length,
    missingPacksForgotten: plan.missing.length,
    packsWritten: 0,
    bytesFreed: plan.counts.removeBytes + plan.counts.unindexedBytes + plan.counts.repackUnusedBytes,
    temporariesRemoved: 0,
  };
  if (options.dryRun) return result;

  await phase('repack');
  const written = await repackBlobs(repository, plan.keepBlobs, options.packSize ?? DEFAULT_PACK_SIZE);
  result.packsWritten = written.length;
  const sizeOf = (ids: Id[]) => ids.reduce((n, id) => n + (stored.get(id) ?? 0), 0);
  const obsolete = [...plan.remove, ...plan.repack];
  result.bytesFreed = sizeOf(obsolete) + sizeOf(plan.unindexed) - written.reduce((n, p) => n + p.size, 0);

  await phase('index');
  const indexChanges = obsolete.length + plan.missing.length > 0;
  const newIndexFiles = new Set<Id>();
  if (indexChanges) {
    const remaining = plan.keep.map((id) => ({ id, blobs: indexed.get(id) ?? [] }));
    for (const id of await writeIndex(repository, [...remaining, ...written.map(toIndexPack)], oldIndexFiles))
      newIndexFiles.add(id);
  }
  await phase('index-written');
  if (indexChanges) {
    for (const id of oldIndexFiles)
      if (!newIndexFiles.has(id)) await removeIfPresent(repository, 'index', id);
  }
  for (const id of [...obsolete, ...plan.unindexed]) await removeIfPresent(repository, 'data', id);
  result.temporariesRemoved = await repository.backend.removeStaleTemporaries(
    new Date(Date.now() - TEMPORARY_GRACE_MS),
  );
  return result;
}

function toIndexPack(pack: NewPack): { id: Id; blobs: PackEntry[] } {
  return { id: pack.id, blobs: pack.entries };
}

async function writeIndex(
  repository: Repository,
  packs: { id: Id; blobs: PackEntry[] }[],
  supersedes: Id[],
): Promise<Id[]> {
  const ids: Id[] = [];
  let batch: typeof packs = [];
  let blobs = 0;
  for (const pack of packs) {
    batch.push(pack);
    blobs += pack.blobs.length;
    if (blobs >= BLOBS_PER_INDEX_FILE) {
      ids.push(await repository.saveIndexFile(batch, supersedes));
      batch = [];
      blobs = 0;
    }
  }
  // An empty repository still gets one (empty) index file, so that the old ones can go.
  if (batch.length > 0 || packs.length === 0) ids.push(await repository.saveIndexFile(batch, supersedes));
  return ids;
}

async function removeIfPresent(repository: Repository, type: 'index' | 'data', id: Id): Promise<void> {
  try {
    await repository.backend.remove(type, id);
  } catch (error) {
    // Someone (an earlier, interrupted prune) removed it already: the goal is reached.
    if (!(error instanceof LifelineError && error.details.notFound === true)) throw error;
  }
}

function explain(error: unknown): unknown {
  if (!(error instanceof PrunePlanError)) return error;
  if (error.reason === 'blob-missing')
    return new LifelineError(
      'VAULT_BLOB_MISSING',
      'a blob a snapshot needs is in no existing pack; nothing was deleted (run check)',
      { blob: error.detail.key?.slice(1) ?? '' },
    );
  return new LifelineError(
    'VAULT_DATA_CORRUPT',
    'a needed pack does not have the size its index entries imply; nothing was deleted (run check)',
    { packId: error.detail.packId ?? '' },
  );
}
