/** Retention and space recovery: forget (policy), prune, stats. The vault's index.ts re-exports these. */
export { type KeepDuration, formatKeepDuration, parseKeepDuration } from './duration.js';
export {
  type ExpirePolicy,
  type KeepReason,
  type PolicyResult,
  applyPolicy,
  describePolicy,
  isEmptyPolicy,
} from './policy.js';
export { DEFAULT_GROUP_BY, type GroupBy, type GroupKey, groupSnapshots, parseGroupBy } from './group.js';
export { type ForgetGroupResult, type ForgetOptions, type ForgetResult, forgetSnapshots } from './forget.js';
export { type MaxUnused, parseMaxUnused } from './max-unused.js';
export { type PruneOptions, type PrunePhase, type PruneResult, pruneRepository } from './prune.js';
export type { PruneCounts } from './prune-plan.js';
export {
  type RawDataStats,
  type RestoreSizeStats,
  type StatsMode,
  type StatsOptions,
  repositoryStats,
} from './stats.js';
export { withExclusiveLock } from './locked.js';
