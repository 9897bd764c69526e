import type { Id } from '../repo/types.js';
import type { Snapshot, SnapshotWithId } from './model.js';

export type Chunker = ((source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>) & {
  /**
   * Inputs shorter than this always come out as one chunk, the whole input (FastCDC cuts nothing
   * below its minimum); such files can be read in one piece without the chunker.
   */
  readonly wholeBelow?: number;
};

export interface BackupProgress {
  files: number;
  dirs: number;
  /** Bytes of file content processed so far, unchanged files included. */
  bytes: number;
  totalBytes?: number;
  currentPath: string;
}

export interface BackupOptions {
  paths: string[];
  /** restic --exclude patterns (see path-filter.ts). */
  excludes?: string[];
  tags?: string[];
  host?: string;
  /** Files unchanged since this snapshot (size, mtime, ctime, inode) are not read again. */
  parent?: SnapshotWithId;
  chunk: Chunker;
  onProgress?: (progress: BackupProgress) => void;
  signal?: AbortSignal;
  programVersion?: string;
  /** Relative paths are resolved against this; defaults to process.cwd(). */
  cwd?: string;
  /** Files read at the same time (default 8); 1 reads them one after another in name order. */
  filesAtOnce?: number;
}

export interface ItemProblem {
  path: string;
  message: string;
}

export interface BackupStats {
  files: number;
  dirs: number;
  /** Symlinks, devices, FIFOs and sockets. */
  others: number;
  filesUnchanged: number;
  bytesRead: number;
  bytesUnchanged: number;
  dataBlobsStored: number;
  dataBytesStored: number;
  treeBlobsStored: number;
  /** Items that could not be backed up; the snapshot lacks them and the command must fail. */
  errors: ItemProblem[];
  /** Items recorded with a caveat, e.g. special files stored without content. */
  warnings: ItemProblem[];
}

export interface BackupResult {
  snapshotId: Id;
  snapshot: Snapshot;
  stats: BackupStats;
}

export function emptyStats(): BackupStats {
  return {
    files: 0,
    dirs: 0,
    others: 0,
    filesUnchanged: 0,
    bytesRead: 0,
    bytesUnchanged: 0,
    dataBlobsStored: 0,
    dataBytesStored: 0,
    treeBlobsStored: 0,
    errors: [],
    warnings: [],
  };
}
