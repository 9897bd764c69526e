import type { FileHandle } from 'node:fs/promises';

/**
 * The whole content of a file expected to be smaller than `limit`, or undefined when it has grown to
 * the limit while being read (the caller then streams it through the chunker from the start).
 */
export async function readWhole(
  handle: FileHandle,
  expected: bigint,
  limit: number,
): Promise<Buffer | undefined> {
  let buffer = Buffer.allocUnsafe(Math.min(Number(expected) + 1, limit));
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (buffer.length >= limit) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) return buffer.subarray(0, filled);
    filled += bytesRead;
  }
}
