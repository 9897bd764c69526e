import type { Node } from './model.js';

/** Files up to this size are restored in batches. */
const SMALL_FILE = 1024 * 1024;
/** A batch is loaded once it holds this many bytes or files. */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_FILES = 256;

export interface BatchedFile {
  node: Node;
  path: string;
  snPath: string;
}

/** Collects a directory's small files so their blobs can be loaded together. */
export class SmallFileBatch {
  private entries: BatchedFile[] = [];
  private bytes = 0;

  fits(node: Node): boolean {
    return (node.size ?? Number.POSITIVE_INFINITY) <= SMALL_FILE && (node.content?.length ?? 0) > 0;
  }

  /** Adds a file; true when the batch is full and should be loaded now. */
  add(entry: BatchedFile): boolean {
    this.entries.push(entry);
    this.bytes += entry.node.size ?? 0;
    return this.bytes >= BATCH_BYTES || this.entries.length >= BATCH_FILES;
  }

  take(): BatchedFile[] {
    const taken = this.entries;
    this.entries = [];
    this.bytes = 0;
    return taken;
  }
}
