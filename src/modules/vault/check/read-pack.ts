import { createHash } from 'node:crypto';
import { isLifelineError } from '../../../kernel/errors.js';
import { decompressBlob } from '../repo/compression.js';
import { decrypt } from '../repo/crypto.js';
import type { PackEntry } from '../repo/pack.js';
import type { Repository } from '../repo/repository.js';
import type { BlobType, Id } from '../repo/types.js';

export interface DamagedBlob {
  type: BlobType;
  id: Id;
  packId: Id;
  reason: string;
}

/**
 * Reads one whole pack and proves every blob in it: the file's SHA-256 is its name, each blob
 * authenticates, decompresses and hashes to its id. Returns the blobs that fail.
 */
export async function readPackData(
  repository: Repository,
  packId: Id,
  entries: PackEntry[],
): Promise<DamagedBlob[]> {
  const data = await repository.backend.load('data', packId);
  const damaged: DamagedBlob[] = [];
  const fileIntact = createHash('sha256').update(data).digest('hex') === packId;
  for (const entry of entries) {
    const reason = blobProblem(repository, data, entry);
    if (reason) damaged.push({ type: entry.type, id: entry.id, packId, reason });
  }
  if (!fileIntact && damaged.length === 0) {
    // The damage sits outside every blob (in the header or padding): nothing to restore is lost.
    return [];
  }
  return damaged;
}

function blobProblem(repository: Repository, pack: Buffer, entry: PackEntry): string | null {
  if (entry.offset + entry.length > pack.length) return 'blob extends past the end of the pack';
  try {
    let plain = decrypt(repository.masterKey, pack.subarray(entry.offset, entry.offset + entry.length));
    if (entry.uncompressedLength !== undefined) plain = decompressBlob(plain, entry.uncompressedLength);
    return createHash('sha256').update(plain).digest('hex') === entry.id
      ? null
      : 'content does not match its id';
  } catch (error) {
    return isLifelineError(error) ? error.message : 'blob cannot be read';
  }
}
