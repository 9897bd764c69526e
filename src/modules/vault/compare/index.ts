/** Comparing and copying snapshots; the vault module's index.ts re-exports from here. */
export { diffTrees, indexBlobSize } from './diff.js';
export type { BlobSize, Change, ChangeKind, DiffResult, DiffStats, SideStats } from './diff.js';
export { copySnapshots } from './copy.js';
export type { CopyOptions, CopyProgress, CopyResult } from './copy.js';
