import type { PackEntry } from './pack.js';
import type { BlobType, Id, PackedBlob } from './types.js';

/**
 * Where every known blob lives, merged from all index files. Keys combine type and id because the
 * same bytes may be stored once as data and once as a tree.
 */
export class MasterIndex {
  private readonly blobs = new Map<string, PackedBlob>();
  private readonly packIds = new Set<Id>();

  static keyOf(type: BlobType, id: Id): string {
    return (type === 'data' ? 'd' : 't') + id;
  }

  addPack(packId: Id, entries: readonly PackEntry[]): void {
    this.packIds.add(packId);
    for (const e of entries) {
      const key = MasterIndex.keyOf(e.type, e.id);
      // The first location wins: duplicates from repacking are equally valid copies.
      if (this.blobs.has(key)) continue;
      const blob: PackedBlob = { type: e.type, id: e.id, packId, offset: e.offset, length: e.length };
      if (e.uncompressedLength !== undefined) blob.uncompressedLength = e.uncompressedLength;
      this.blobs.set(key, blob);
    }
  }

  get(type: BlobType, id: Id): PackedBlob | undefined {
    return this.blobs.get(MasterIndex.keyOf(type, id));
  }

  has(type: BlobType, id: Id): boolean {
    return this.blobs.has(MasterIndex.keyOf(type, id));
  }

  get size(): number {
    return this.blobs.size;
  }

  packs(): ReadonlySet<Id> {
    return this.packIds;
  }

  values(): IterableIterator<PackedBlob> {
    return this.blobs.values();
  }
}
