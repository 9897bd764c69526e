/** The archiver's public surface; the vault module's index.ts re-exports from here. */
export { backup } from './backup.js';
export type {
  BackupOptions,
  BackupProgress,
  BackupResult,
  BackupStats,
  Chunker,
  ItemProblem,
} from './backup.js';
export { restore } from './restore.js';
export type { RestoreOptions, RestoreStats } from './restore.js';
export { findSnapshot, listSnapshots } from './find-snapshot.js';
export type { SnapshotFilter } from './find-snapshot.js';
export { formatEntry, listTree } from './ls.js';
export type { ListedEntry, ListOptions } from './ls.js';
export { decodeSnapshot, decodeTree, encodeSnapshot, encodeTree } from './model.js';
export type { ExtendedAttribute, Node, NodeType, Snapshot, SnapshotWithId, Tree } from './model.js';
export { PathFilter } from './path-filter.js';
export { formatGoTime, parseGoTime } from './go-time.js';
