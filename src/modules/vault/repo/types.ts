/** A blob or file id: 64 lower-case hex characters, the SHA-256 of the plaintext (blobs) or file. */
export type Id = string;

export type BlobType = 'data' | 'tree';

/**
 * What the archiver (backup, restore, check) needs from an open repository. The repository layer
 * implements it; the archiver never touches packs, keys or encryption.
 */
export interface BlobRepository {
  /** Stores a blob unless one with the same id exists; returns its id and whether it was new. */
  saveBlob(type: BlobType, plaintext: Buffer): Promise<{ id: Id; stored: boolean }>;
  /** Reads and verifies a blob (decrypt, decompress, SHA-256 must equal the id). */
  loadBlob(type: BlobType, id: Id): Promise<Buffer>;
  /**
   * Loads many blobs at once, reading packs in as few requests as possible. Blobs that fail to load
   * or verify are left out; `loadBlob` on one of them reports its error.
   */
  loadBlobs(type: BlobType, ids: readonly Id[]): Promise<Map<Id, Buffer>>;
  hasBlob(type: BlobType, id: Id): boolean;
  /** Writes out pending packs and the index for them; called before a snapshot is saved. */
  flush(): Promise<void>;
  /** Saves an unpacked JSON file (snapshot) encrypted; returns its id. */
  saveJson(type: 'snapshot', value: unknown): Promise<Id>;
  loadJson<T>(type: 'snapshot', id: Id): Promise<T>;
  list(type: 'snapshot'): AsyncIterable<Id>;
  remove(type: 'snapshot', id: Id): Promise<void>;
}

/**
 * The repository's master keys, as restic keeps them: AES-256 for encryption, and for Poly1305-AES an
 * AES-128 key `k` (which turns each IV into the `s` half of the one-time key) plus the Poly1305 `r`.
 */
export interface MasterKey {
  encrypt: Buffer;
  macK: Buffer;
  macR: Buffer;
}

/** Contents of the repository's `config` file. */
export interface RepoConfig {
  version: 1 | 2;
  id: string;
  chunker_polynomial: string;
}

/** Where one blob lives: the index entry, with `uncompressedLength` set only for compressed blobs. */
export interface PackedBlob {
  type: BlobType;
  id: Id;
  packId: Id;
  offset: number;
  /** Bytes in the pack, including the 32 bytes of IV and MAC. */
  length: number;
  uncompressedLength?: number;
}
