import type { Id } from '../repo/types.js';
import type { ItemProblem } from './backup-types.js';

export interface RestoreOptions {
  target: string;
  /** restic --include patterns or path prefixes, matched against paths inside the snapshot. */
  include?: string[];
  /** Filters used when the snapshot is 'latest'. */
  host?: string;
  paths?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: { files: number; bytes: number; currentPath: string }) => void;
  /** Files written at the same time (default 8); 1 writes them one after another in name order. */
  filesAtOnce?: number;
}

export interface RestoreStats {
  snapshotId: Id;
  files: number;
  dirs: number;
  /** Symlinks, hard links to already restored files and special files. */
  others: number;
  bytes: number;
  /** Items that could not be restored exactly; a non-empty list means the restore failed. */
  errors: ItemProblem[];
  warnings: ItemProblem[];
}
