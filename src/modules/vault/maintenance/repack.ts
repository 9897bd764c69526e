import { createHash } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';
import { decompressBlob } from '../repo/compression.js';
import { decrypt } from '../repo/crypto.js';
import { PackWriter, type PackEntry } from '../repo/pack.js';
import type { Repository } from '../repo/repository.js';
import type { BlobType, Id } from '../repo/types.js';

export interface NewPack {
  id: Id;
  size: number;
  entries: PackEntry[];
}

/**
 * Copies the given blobs out of old packs into new ones. Blobs move still encrypted (each carries its
 * own IV and MAC), but every one is authenticated, decompressed and hashed first: prune must never
 * carry damage into the only copy that remains. New packs are durable when this returns and no index
 * names them yet.
 */
export async function repackBlobs(
  repository: Repository,
  keep: ReadonlyMap<Id, readonly PackEntry[]>,
  packSize: number,
  onPack?: (done: number, total: number) => void,
): Promise<NewPack[]> {
  const written: NewPack[] = [];
  const open = new Map<BlobType, PackWriter>();
  const close = async (type: BlobType): Promise<void> => {
    const writer = open.get(type);
    open.delete(type);
    if (!writer || writer.count === 0) return;
    const pack = writer.finalize();
    await repository.backend.save('data', pack.id, pack.data);
    written.push({ id: pack.id, size: pack.data.length, entries: pack.entries });
  };
  let done = 0;
  for (const [packId, entries] of keep) {
    onPack?.(done++, keep.size);
    const data = await repository.backend.load('data', packId);
    for (const entry of entries) {
      const sealed = data.subarray(entry.offset, entry.offset + entry.length);
      verify(repository, packId, entry, sealed);
      let writer = open.get(entry.type);
      if (!writer) {
        writer = new PackWriter(repository.masterKey);
        open.set(entry.type, writer);
      }
      writer.add(entry.type, entry.id, Buffer.from(sealed), entry.uncompressedLength);
      if (writer.size >= packSize) await close(entry.type);
    }
  }
  await close('data');
  await close('tree');
  return written;
}

function verify(repository: Repository, packId: Id, entry: PackEntry, sealed: Buffer): void {
  const what = `${entry.type} blob ${entry.id} in pack ${packId}`;
  if (sealed.length !== entry.length) throw damaged(what, packId, entry);
  let plain = decrypt(repository.masterKey, sealed, what);
  if (entry.uncompressedLength !== undefined) plain = decompressBlob(plain, entry.uncompressedLength, what);
  if (createHash('sha256').update(plain).digest('hex') !== entry.id) throw damaged(what, packId, entry);
}

function damaged(what: string, packId: Id, entry: PackEntry): LifelineError {
  return new LifelineError('VAULT_DATA_CORRUPT', `${what} is damaged; nothing was deleted`, {
    packId,
    type: entry.type,
    id: entry.id,
  });
}
