import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import type { Backend, FileInfo } from '../backend/types.js';
import { compressBlob, decompressBlob } from './compression.js';
import { createConfig, loadConfig, saveConfig } from './config.js';
import { corrupt, decrypt, encrypt, randomMasterKey } from './crypto.js';
import { encodeIndexFile, parseIndexFile, type IndexFile } from './index-file.js';
import type { KdfParams } from './kdf.js';
import { addKey, findKey, listKeys, removeKey, type KeyInfo, type NewKeyOptions } from './keys.js';
import { acquireLock, type LockHandle, type LockOptions } from './lock.js';
import { MasterIndex } from './master-index.js';
import { PackManager } from './pack-manager.js';
import { readPackHeader, type PackEntry } from './pack.js';
import type { BlobRepository, BlobType, Id, MasterKey, PackedBlob, RepoConfig } from './types.js';
import { loadRanges, packRanges } from './batch-load.js';
import { ParallelSealer, keyBytes } from '../parallel/sealer.js';
import { sharedPool, type WorkerPool } from '../parallel/worker-pool.js';
import { transferable } from '../parallel/blob-job.js';
import { loadUnpacked, saveUnpacked, type UnpackedContext } from './unpacked.js';

export interface RepositoryOptions {
  /** Format version for init; 2 (compression) unless asked otherwise. */
  version?: 1 | 2;
  /** zstd level for blobs and unpacked files in format 2. */
  compressionLevel?: number;
  /** 'off' stores data blobs uncompressed; trees and metadata are still compressed, as restic does. */
  compression?: 'auto' | 'off';
  /** A pack is closed once it reaches this many bytes. */
  packSize?: number;
  kdf?: KdfParams;
  username?: string;
  hostname?: string;
  /**
   * Worker threads that compress, encrypt and verify data blobs; 0 does it all on the calling
   * thread. Defaults to one per available core (a process-wide pool shared by all repositories).
   */
  workers?: number;
}

const DEFAULT_PACK_SIZE = 16 * 1024 * 1024;
/** Keeps each index file well below restic's 8 MiB guideline. */
const BLOBS_PER_INDEX_FILE = 50_000;
/** Blobs smaller than this are opened on the calling thread: the round trip costs more than it saves. */
const MIN_OFFLOAD_OPEN = 64 * 1024;
/** Blobs being sealed per worker; with ≤ 8 MiB blobs this bounds memory to tens of MiB. */
const SEALS_PER_WORKER = 4;

const sha256 = (data: Buffer): Id => createHash('sha256').update(data).digest('hex');

/** An open repository: the master key, its config, the merged index and the packs being written. */
export class Repository implements BlobRepository {
  readonly index = new MasterIndex();
  private readonly packs: PackManager;
  private readonly unpacked: UnpackedContext;
  private readonly level: number;
  private readonly compressData: boolean;
  private readonly pool: WorkerPool | null;
  private readonly sealer: ParallelSealer | null;

  private constructor(
    readonly backend: Backend,
    readonly masterKey: MasterKey,
    readonly keyId: Id,
    readonly config: RepoConfig,
    options: RepositoryOptions,
  ) {
    this.level = options.compressionLevel ?? 3;
    this.compressData = options.compression !== 'off';
    this.unpacked = { backend, key: masterKey, version: config.version, compressionLevel: this.level };
    this.packs = new PackManager(
      backend,
      masterKey,
      { packSize: options.packSize ?? DEFAULT_PACK_SIZE, maxUploads: 2 },
      (pack) => this.index.addPack(pack.id, pack.entries),
    );
    this.pool = sharedPool(options.workers ?? availableParallelism());
    this.sealer = this.pool
      ? new ParallelSealer(this.pool, masterKey, this.pool.size * SEALS_PER_WORKER, (type, id, sealed, n) =>
          this.packs.add(type, id, sealed, n),
        )
      : null;
  }

  static async init(
    backend: Backend,
    password: string,
    options: RepositoryOptions = {},
  ): Promise<Repository> {
    if (await backend.exists())
      throw new LifelineError('VAULT_REPO_EXISTS', 'a repository exists at that location already');
    await backend.create();
    const master = randomMasterKey();
    const config = createConfig(options.version ?? 2);
    const keyId = await addKey(backend, master, password, keyOptions(options));
    // The config comes last: until it exists the location does not count as a repository.
    await saveConfig(backend, master, config);
    return new Repository(backend, master, keyId, config, options);
  }

  static async open(
    backend: Backend,
    password: string,
    options: RepositoryOptions = {},
  ): Promise<Repository> {
    if (!(await backend.exists()))
      throw new LifelineError('VAULT_REPO_NOT_FOUND', 'no repository at that location');
    const { keyId, master } = await findKey(backend, password);
    const config = await loadConfig(backend, master);
    const repo = new Repository(backend, master, keyId, config, options);
    await repo.loadIndex();
    return repo;
  }

  /** Reads every index file into the in-memory index. */
  async loadIndex(): Promise<void> {
    for await (const { file } of this.indexFiles()) {
      for (const pack of file.packs) this.index.addPack(pack.id, pack.blobs);
    }
  }

  async *indexFiles(): AsyncIterable<{ id: Id; file: IndexFile }> {
    for await (const info of this.backend.list('index')) {
      yield { id: info.name, file: parseIndexFile(await loadUnpacked(this.unpacked, 'index', info.name)) };
    }
  }

  hasBlob(type: BlobType, id: Id): boolean {
    return this.index.has(type, id) || this.packs.has(type, id) || (this.sealer?.has(type, id) ?? false);
  }

  async saveBlob(type: BlobType, plaintext: Buffer): Promise<{ id: Id; stored: boolean }> {
    const id = sha256(plaintext);
    if (this.hasBlob(type, id)) return { id, stored: false };
    const compress = this.config.version === 2 && (type === 'tree' || this.compressData);
    if (this.sealer && type === 'data') {
      // Hashing and the dedup decision stay here; only new blobs travel to a worker.
      await this.sealer.submit(type, id, plaintext, compress ? this.level : null);
      await this.packs.backpressure();
      return { id, stored: true };
    }
    const packed = compress ? compressBlob(plaintext, this.level) : null;
    this.packs.add(
      type,
      id,
      encrypt(this.masterKey, packed ?? plaintext),
      packed ? plaintext.length : undefined,
    );
    await this.packs.backpressure();
    return { id, stored: true };
  }

  async loadBlob(type: BlobType, id: Id): Promise<Buffer> {
    const where = await this.locate(type, id);
    if (!where)
      throw new LifelineError('VAULT_BLOB_MISSING', `${type} blob is not in the index`, { type, id });
    let raw: Buffer;
    try {
      raw = await this.backend.load('data', where.packId, { offset: where.offset, length: where.length });
    } catch (error) {
      if (isLifelineError(error) && error.details.notFound === true) {
        throw new LifelineError('VAULT_BLOB_MISSING', 'the pack holding a blob is missing', {
          type,
          id,
          packId: where.packId,
        });
      }
      throw error;
    }
    return this.openBlob(where, raw);
  }

  /**
   * Loads many blobs with one read per stretch of each pack. Blobs that cannot be read or verified
   * are missing from the result; `loadBlob` on one of them gives its precise error.
   */
  async loadBlobs(type: BlobType, ids: readonly Id[]): Promise<Map<Id, Buffer>> {
    const found: PackedBlob[] = [];
    for (const id of new Set(ids)) {
      const where = await this.locate(type, id);
      if (where) found.push(where);
    }
    return loadRanges(
      packRanges(found),
      (range) => this.backend.load('data', range.packId, { offset: range.offset, length: range.length }),
      (where, raw) => this.openBlob(where, raw),
    );
  }

  private async locate(type: BlobType, id: Id): Promise<PackedBlob | undefined> {
    const where = this.index.get(type, id);
    if (where || !(this.packs.has(type, id) || (this.sealer?.has(type, id) ?? false))) return where;
    await this.flush();
    return this.index.get(type, id);
  }

  /** Decrypts, decompresses and verifies one blob's bytes as read from its pack. */
  private async openBlob(where: PackedBlob, raw: Buffer): Promise<Buffer> {
    const { type, id } = where;
    const what = `${type} blob`;
    if (this.pool && raw.length >= MIN_OFFLOAD_OPEN) {
      const [data, transfer] = transferable(raw);
      const job = { op: 'open' as const, key: keyBytes(this.masterKey), data, id, what };
      const reply = await this.pool.run(
        where.uncompressedLength === undefined
          ? job
          : { ...job, uncompressedLength: where.uncompressedLength },
        transfer,
      );
      return Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
    }
    let plain = decrypt(this.masterKey, raw, what);
    if (where.uncompressedLength !== undefined) plain = decompressBlob(plain, where.uncompressedLength, what);
    if (sha256(plain) !== id) throw corrupt(what, 'content does not match its id');
    return plain;
  }

  /** Makes every saved blob durable and indexed: packs first, then index files naming them. */
  async flush(): Promise<void> {
    await this.sealer?.drain();
    const written = await this.packs.flush();
    let batch: { id: Id; blobs: PackEntry[] }[] = [];
    let blobs = 0;
    for (const pack of written) {
      batch.push({ id: pack.id, blobs: pack.entries });
      blobs += pack.entries.length;
      if (blobs >= BLOBS_PER_INDEX_FILE) {
        await this.saveIndexFile(batch);
        batch = [];
        blobs = 0;
      }
    }
    if (batch.length > 0) await this.saveIndexFile(batch);
  }

  async saveIndexFile(packs: { id: Id; blobs: PackEntry[] }[], supersedes: Id[] = []): Promise<Id> {
    return saveUnpacked(this.unpacked, 'index', encodeIndexFile({ supersedes, packs }));
  }

  async saveJson(type: 'snapshot', value: unknown): Promise<Id> {
    return saveUnpacked(this.unpacked, type, Buffer.from(JSON.stringify(value)));
  }

  async loadJson<T>(type: 'snapshot', id: Id): Promise<T> {
    let json: Buffer;
    try {
      json = await loadUnpacked(this.unpacked, type, id);
    } catch (error) {
      throw notFoundAs(error, 'VAULT_SNAPSHOT_NOT_FOUND', id);
    }
    try {
      return JSON.parse(json.toString('utf8')) as T;
    } catch {
      throw corrupt(type, 'not JSON');
    }
  }

  async *list(type: 'snapshot'): AsyncIterable<Id> {
    for await (const info of this.backend.list(type)) yield info.name;
  }

  async remove(type: 'snapshot', id: Id): Promise<void> {
    try {
      await this.backend.remove(type, id);
    } catch (error) {
      throw notFoundAs(error, 'VAULT_SNAPSHOT_NOT_FOUND', id);
    }
  }

  /** Every pack file in storage, for check and repair. */
  listPacks(): AsyncIterable<FileInfo> {
    return this.backend.list('data');
  }

  /** Parses a pack's own header with ranged reads, independent of the index. */
  async readPackHeader(packId: Id, size?: number): Promise<PackEntry[]> {
    const fileSize = size ?? (await this.backend.stat('data', packId))?.size;
    if (fileSize === undefined)
      throw new LifelineError('VAULT_BLOB_MISSING', 'pack file is missing', { packId });
    return readPackHeader(this.masterKey, fileSize, (offset, length) =>
      this.backend.load('data', packId, { offset, length }),
    );
  }

  lock(options: Omit<LockOptions, 'ctx'> = {}): Promise<LockHandle> {
    return acquireLock({ ...options, ctx: this.unpacked });
  }

  addKey(password: string, options: NewKeyOptions = {}): Promise<Id> {
    return addKey(this.backend, this.masterKey, password, options);
  }

  listKeys(): Promise<KeyInfo[]> {
    return listKeys(this.backend);
  }

  removeKey(id: Id): Promise<void> {
    return removeKey(this.backend, id, this.keyId);
  }
}

function keyOptions(options: RepositoryOptions): NewKeyOptions {
  const out: NewKeyOptions = {};
  if (options.kdf) out.kdf = options.kdf;
  if (options.username !== undefined) out.username = options.username;
  if (options.hostname !== undefined) out.hostname = options.hostname;
  return out;
}

function notFoundAs(error: unknown, code: string, id: Id): unknown {
  if (isLifelineError(error) && error.details.notFound === true)
    return new LifelineError(code, 'no such snapshot', { id });
  return error;
}
