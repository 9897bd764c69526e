import type { Backend } from '../backend/types.js';
import { MasterIndex } from './master-index.js';
import { PackWriter, type PackEntry } from './pack.js';
import type { BlobType, Id, MasterKey } from './types.js';

export interface WrittenPack {
  id: Id;
  entries: PackEntry[];
}

export interface PackManagerOptions {
  packSize: number;
  /** Packs uploading at once before saveBlob waits; bounds memory to about (n + 2) × packSize. */
  maxUploads: number;
}

/**
 * Fills one open pack per blob type (format 2 forbids mixing data and trees), uploads full packs in
 * the background and reports each written pack once, so its index entry is only ever published after
 * the pack is durable.
 */
export class PackManager {
  private readonly open = new Map<BlobType, PackWriter>();
  /** Blobs accepted but not yet durable: they count for deduplication already. */
  private readonly pending = new Set<string>();
  private readonly uploads = new Set<Promise<void>>();
  private written: WrittenPack[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly key: MasterKey,
    private readonly options: PackManagerOptions,
    private readonly onWritten: (pack: WrittenPack) => void,
  ) {}

  has(type: BlobType, id: Id): boolean {
    return this.pending.has(MasterIndex.keyOf(type, id));
  }

  /** Synchronous up to the point of handing a full pack to the backend, so dedup checks cannot race. */
  add(type: BlobType, id: Id, encrypted: Buffer, uncompressedLength?: number): void {
    this.throwIfFailed();
    let writer = this.open.get(type);
    if (!writer) {
      writer = new PackWriter(this.key);
      this.open.set(type, writer);
    }
    writer.add(type, id, encrypted, uncompressedLength);
    this.pending.add(MasterIndex.keyOf(type, id));
    if (writer.size >= this.options.packSize) {
      this.open.delete(type);
      this.upload(writer);
    }
  }

  /** Waits while too many packs are in flight, and surfaces an earlier upload failure. */
  async backpressure(): Promise<void> {
    while (this.uploads.size >= this.options.maxUploads) await Promise.race(this.uploads);
    this.throwIfFailed();
  }

  /** Closes the open packs, waits for every upload and hands back the packs written since last time. */
  async flush(): Promise<WrittenPack[]> {
    for (const [type, writer] of this.open) {
      this.open.delete(type);
      if (writer.count > 0) this.upload(writer);
    }
    while (this.uploads.size > 0) await Promise.allSettled([...this.uploads]);
    this.throwIfFailed();
    const out = this.written;
    this.written = [];
    return out;
  }

  private upload(writer: PackWriter): void {
    const pack = writer.finalize();
    const task = this.backend
      .save('data', pack.id, pack.data)
      .then(() => {
        const written = { id: pack.id, entries: pack.entries };
        this.onWritten(written);
        this.written.push(written);
      })
      .catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        for (const e of pack.entries) this.pending.delete(MasterIndex.keyOf(e.type, e.id));
        this.uploads.delete(task);
      });
    this.uploads.add(task);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
