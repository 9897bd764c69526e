import type { BlobType, Id, MasterKey } from '../repo/types.js';
import { transferable, type KeyBytes } from './blob-job.js';
import type { WorkerPool } from './worker-pool.js';

export type SealedSink = (type: BlobType, id: Id, sealed: Buffer, uncompressedLength?: number) => void;

export function keyBytes(key: MasterKey): KeyBytes {
  return { encrypt: key.encrypt, macK: key.macK, macR: key.macR };
}

/**
 * Compresses and encrypts new blobs on the worker pool while the caller goes on reading and
 * hashing. At most `maxInFlight` blobs are out at once, which bounds memory to about that many
 * blobs twice over (plaintext and sealed copy). Sealed blobs reach `sink` on the main thread, in
 * completion order; a failure is kept and raised by the next submit or drain.
 */
export class ParallelSealer {
  private readonly inflight = new Map<string, Promise<void>>();
  private failure: Error | null = null;
  private readonly key: KeyBytes;

  constructor(
    private readonly pool: WorkerPool,
    key: MasterKey,
    private readonly maxInFlight: number,
    private readonly sink: SealedSink,
  ) {
    this.key = keyBytes(key);
  }

  has(type: BlobType, id: Id): boolean {
    return this.inflight.has(`${type}:${id}`);
  }

  get busy(): boolean {
    return this.inflight.size > 0;
  }

  /** `level` null stores the blob uncompressed. Resolves once there is room for another blob. */
  async submit(type: BlobType, id: Id, plaintext: Uint8Array, level: number | null): Promise<void> {
    this.throwIfFailed();
    const name = `${type}:${id}`;
    // The caller keeps its buffer, so the worker always gets a copy of its own.
    const copy = new Uint8Array(plaintext.byteLength);
    copy.set(plaintext);
    const [data, transfer] = transferable(copy);
    const task = this.pool
      .run({ op: 'seal', key: this.key, data, level }, transfer)
      .then((reply) => {
        const sealed = Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
        this.sink(type, id, sealed, reply.uncompressedLength);
      })
      .catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => this.inflight.delete(name));
    this.inflight.set(name, task);
    while (this.inflight.size >= this.maxInFlight) await Promise.race(this.inflight.values());
    this.throwIfFailed();
  }

  /** Waits until every submitted blob has reached the sink. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
