/** The vault module: backups in the restic repository format. Other code imports only this file. */
export { VAULT_ERRORS } from './errors.js';
export type { Backend, FileInfo, FileType } from './backend/types.js';
export { LocalBackend } from './backend/local.js';
export { Repository } from './repo/repository.js';
export type { RepositoryOptions } from './repo/repository.js';
export type { BlobRepository, BlobType, Id } from './repo/types.js';
export { AVG_CHUNK, MAX_CHUNK, MIN_CHUNK, Chunker, chunkStream, createGearTable } from './chunker/index.js';
export { backup, findSnapshot, formatEntry, listSnapshots, listTree, restore } from './archiver/index.js';
export type {
  BackupOptions,
  BackupProgress,
  BackupResult,
  BackupStats,
  ListedEntry,
  Node,
  RestoreOptions,
  RestoreStats,
  Snapshot,
  SnapshotFilter,
  SnapshotWithId,
} from './archiver/index.js';
export { checkRepository } from './check/check.js';
export type { AffectedFile, CheckOptions, CheckReport } from './check/check.js';
export {
  type VaultTarget,
  backendFor,
  backupWithLock,
  chunkerFor,
  initRepository,
  openRepository,
  restoreWithLock,
} from './service.js';
export { vaultMigrations } from './platform/migrations.js';
export { VAULT_PERMISSIONS, vaultPlatform } from './platform/mount.js';
export { seedVaultDemo, type VaultDemoOptions } from './platform/demo.js';
export type { RepositorySummary, VaultJobs, VaultPlatformDeps } from './platform/jobs.js';
export { VAULT_EVENTS } from './platform/types.js';
export type { BackupEventData, Retention, VaultJob, VaultJobRun } from './platform/types.js';
export {
  DEFAULT_GROUP_BY,
  applyPolicy,
  describePolicy,
  forgetSnapshots,
  formatKeepDuration,
  groupSnapshots,
  isEmptyPolicy,
  parseGroupBy,
  parseKeepDuration,
  parseMaxUnused,
  pruneRepository,
  repositoryStats,
  withExclusiveLock,
} from './maintenance/index.js';
export type {
  ExpirePolicy,
  ForgetGroupResult,
  ForgetOptions,
  ForgetResult,
  GroupBy,
  GroupKey,
  KeepDuration,
  KeepReason,
  MaxUnused,
  PolicyResult,
  PruneCounts,
  PruneOptions,
  PrunePhase,
  PruneResult,
  RawDataStats,
  RestoreSizeStats,
  StatsMode,
  StatsOptions,
} from './maintenance/index.js';
export { SftpBackend, type SftpOptions } from './backend/sftp.js';
export { copySnapshots, diffTrees as diffSnapshotTrees, indexBlobSize } from './compare/index.js';
export type {
  Change,
  ChangeKind,
  CopyOptions,
  CopyProgress,
  CopyResult,
  DiffResult,
  DiffStats,
  SideStats,
} from './compare/index.js';
