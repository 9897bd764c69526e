import { createHash, randomBytes } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';
import type { BlobRepository, BlobType, Id } from '../repo/types.js';

/**
 * An in-memory BlobRepository for archiver tests. It keeps blobs in plain maps and lets a test
 * corrupt a blob or count loads, which a real repository makes hard to arrange.
 */
export class MemoryRepository implements BlobRepository {
  readonly blobs = new Map<string, Buffer>();
  readonly snapshots = new Map<Id, unknown>();
  readonly corrupted = new Set<Id>();
  loads = 0;
  /** Data blobs loaded one by one (loadBlob), apart from batch loads. */
  dataLoads = 0;
  flushes = 0;

  private key(type: BlobType, id: Id): string {
    return `${type}:${id}`;
  }

  async saveBlob(type: BlobType, plaintext: Buffer): Promise<{ id: Id; stored: boolean }> {
    const id = createHash('sha256').update(plaintext).digest('hex');
    const key = this.key(type, id);
    if (this.blobs.has(key)) return { id, stored: false };
    this.blobs.set(key, Buffer.from(plaintext));
    return { id, stored: true };
  }

  async loadBlob(type: BlobType, id: Id): Promise<Buffer> {
    this.loads++;
    if (type === 'data') this.dataLoads++;
    const blob = this.blobs.get(this.key(type, id));
    if (!blob) throw new LifelineError('VAULT_BLOB_MISSING', undefined, { id });
    if (this.corrupted.has(id))
      throw new LifelineError('VAULT_DATA_CORRUPT', 'Blob failed verification', { id });
    return Buffer.from(blob);
  }

  batchLoads = 0;

  async loadBlobs(type: BlobType, ids: readonly Id[]): Promise<Map<Id, Buffer>> {
    this.batchLoads++;
    const loaded = new Map<Id, Buffer>();
    for (const id of ids) {
      const blob = this.blobs.get(this.key(type, id));
      if (blob && !this.corrupted.has(id)) loaded.set(id, Buffer.from(blob));
    }
    return loaded;
  }

  hasBlob(type: BlobType, id: Id): boolean {
    return this.blobs.has(this.key(type, id));
  }

  async flush(): Promise<void> {
    this.flushes++;
  }

  async saveJson(_type: 'snapshot', value: unknown): Promise<Id> {
    const id = randomBytes(32).toString('hex');
    this.snapshots.set(id, JSON.parse(JSON.stringify(value)));
    return id;
  }

  async loadJson<T>(_type: 'snapshot', id: Id): Promise<T> {
    const value = this.snapshots.get(id);
    if (value === undefined) throw new LifelineError('VAULT_SNAPSHOT_NOT_FOUND', undefined, { id });
    return value as T;
  }

  async *list(_type: 'snapshot'): AsyncIterable<Id> {
    yield* [...this.snapshots.keys()];
  }

  async remove(_type: 'snapshot', id: Id): Promise<void> {
    this.snapshots.delete(id);
  }
}

/** Fixed-size chunking, so tests do not depend on the content-defined chunker. */
export function fixedChunker(size: number): (source: AsyncIterable<Buffer>) => AsyncIterable<Buffer> {
  return async function* chunk(source) {
    let pending = Buffer.alloc(0);
    for await (const piece of source) {
      pending = Buffer.concat([pending, piece]);
      while (pending.length >= size) {
        yield pending.subarray(0, size);
        pending = pending.subarray(size);
      }
    }
    if (pending.length > 0) yield pending;
  };
}
