import type { Id, PackedBlob } from './types.js';

/** Neighbouring blobs closer than this are read in one request; the gap is read and thrown away. */
const MAX_GAP = 64 * 1024;
/** One request never spans more than this, so a batch's memory stays bounded. */
const MAX_SPAN = 16 * 1024 * 1024;
/** Ranges read at the same time. */
const READS_AT_ONCE = 4;

export interface PackRange {
  packId: Id;
  offset: number;
  length: number;
  blobs: PackedBlob[];
}

/**
 * Groups blobs by pack and merges neighbours into ranges, so a batch of small files costs one read
 * per stretch of a pack instead of one open-read-close per blob — the way restic restores.
 */
export function packRanges(blobs: readonly PackedBlob[]): PackRange[] {
  const byPack = new Map<Id, PackedBlob[]>();
  for (const blob of blobs) {
    const list = byPack.get(blob.packId);
    if (list) list.push(blob);
    else byPack.set(blob.packId, [blob]);
  }
  const ranges: PackRange[] = [];
  for (const [packId, list] of byPack) {
    list.sort((a, b) => a.offset - b.offset);
    let current: PackRange | null = null;
    for (const blob of list) {
      const end = blob.offset + blob.length;
      if (
        current &&
        blob.offset - (current.offset + current.length) <= MAX_GAP &&
        end - current.offset <= MAX_SPAN
      ) {
        current.length = Math.max(current.length, end - current.offset);
        current.blobs.push(blob);
        continue;
      }
      current = { packId, offset: blob.offset, length: blob.length, blobs: [blob] };
      ranges.push(current);
    }
  }
  return ranges;
}

/**
 * Reads each range once and opens every blob in it. A range or blob that fails is left out of the
 * result rather than failing the batch: the caller loads what is missing one by one, so the error
 * names the one damaged blob and every other file still restores.
 */
export async function loadRanges(
  ranges: readonly PackRange[],
  read: (range: PackRange) => Promise<Buffer>,
  open: (blob: PackedBlob, raw: Buffer) => Promise<Buffer>,
): Promise<Map<Id, Buffer>> {
  const loaded = new Map<Id, Buffer>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ranges.length) {
      const range = ranges[next++]!;
      let raw: Buffer;
      try {
        raw = await read(range);
      } catch {
        continue;
      }
      await Promise.all(
        range.blobs.map(async (blob) => {
          const start = blob.offset - range.offset;
          if (start + blob.length > raw.length) return;
          try {
            loaded.set(blob.id, await open(blob, raw.subarray(start, start + blob.length)));
          } catch {
            // Loaded again alone by the caller, which then reports exactly this blob.
          }
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, ranges.length) }, worker));
  return loaded;
}
