/**
 * Where a repository's files live. The layout is restic's: `config`, `keys/<id>`, `locks/<id>`,
 * `snapshots/<id>`, `index/<id>`, `data/<first two hex chars>/<id>`. Every backend passes the same
 * contract suite (backend/contract.testkit.ts).
 */
export type FileType = 'config' | 'key' | 'lock' | 'snapshot' | 'index' | 'data';

export interface FileInfo {
  name: string;
  size: number;
}

export interface Backend {
  /** Human-readable location without credentials, for messages. */
  readonly location: string;
  /** True when the repository's config file exists. */
  exists(): Promise<boolean>;
  /** Creates the directory structure of an empty repository. */
  create(): Promise<void>;
  /**
   * Stores a file atomically: readers see all of it or none. Saving a name that exists is an error
   * (VAULT_BACKEND_FAILED): repository files are immutable, named by the hash of their content.
   */
  save(type: FileType, name: string, data: Buffer): Promise<void>;
  /** Reads a whole file, or `length` bytes from `offset`. Missing file: VAULT_BACKEND_FAILED with notFound. */
  load(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer>;
  stat(type: FileType, name: string): Promise<FileInfo | null>;
  list(type: FileType): AsyncIterable<FileInfo>;
  remove(type: FileType, name: string): Promise<void>;
  /**
   * Deletes half-written files (see TEMP_PREFIX) last modified before `olderThan`; returns how many.
   * Only a process holding the exclusive lock calls it, with a margin for clocks and slow writers.
   */
  removeStaleTemporaries(olderThan: Date): Promise<number>;
  close(): Promise<void>;
}
