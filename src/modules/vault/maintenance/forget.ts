import { findSnapshot, listSnapshots, type SnapshotFilter } from '../archiver/find-snapshot.js';
import type { SnapshotWithId } from '../archiver/model.js';
import type { BlobRepository, Id } from '../repo/types.js';
import { DEFAULT_GROUP_BY, type GroupBy, type GroupKey, groupSnapshots } from './group.js';
import { applyPolicy, type ExpirePolicy, isEmptyPolicy, type KeepReason } from './policy.js';

export interface ForgetOptions {
  policy?: ExpirePolicy;
  /** Snapshot ids or unique prefixes to remove outright; the policy is not applied then. */
  snapshots?: string[];
  groupBy?: GroupBy;
  /** Only snapshots passing the filter are considered at all. */
  filter?: SnapshotFilter;
  dryRun?: boolean;
  /** For the within rule: snapshots after this instant do not count as the newest. */
  now?: Date;
}

export interface ForgetGroupResult {
  key: GroupKey;
  keep: SnapshotWithId[];
  remove: SnapshotWithId[];
  reasons: KeepReason<SnapshotWithId>[];
}

export interface ForgetResult {
  groups: ForgetGroupResult[];
  /** Snapshots removed (or, in a dry run, that would be). */
  removed: Id[];
  /** True when neither a policy nor snapshots were given: nothing is removed. */
  nothingAsked: boolean;
}

/**
 * Removes snapshot files, by id or by policy per group. Only snapshot files go: the data they used
 * stays until prune. The caller holds an exclusive lock (restic takes one for forget too), since a
 * backup running meanwhile might take a snapshot being removed as its parent.
 */
export async function forgetSnapshots(repo: BlobRepository, options: ForgetOptions): Promise<ForgetResult> {
  const result: ForgetResult = { groups: [], removed: [], nothingAsked: false };
  if (options.snapshots && options.snapshots.length > 0) {
    const ids = new Set<Id>();
    for (const ref of options.snapshots) ids.add((await findSnapshot(repo, ref)).id);
    result.removed = [...ids];
  } else if (!options.policy || isEmptyPolicy(options.policy)) {
    result.nothingAsked = true;
  } else {
    const all = await listSnapshots(repo, options.filter ?? {});
    for (const group of groupSnapshots(all, options.groupBy ?? DEFAULT_GROUP_BY)) {
      const decided = applyPolicy(group.snapshots, options.policy, options.now);
      result.groups.push({ key: group.key, ...decided });
      result.removed.push(...decided.remove.map((s) => s.id));
    }
  }
  if (!options.dryRun) for (const id of result.removed) await repo.remove('snapshot', id);
  return result;
}
