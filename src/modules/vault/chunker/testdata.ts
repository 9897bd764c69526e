import { createCipheriv } from 'node:crypto';

/**
 * Reproducible pseudo-random bytes (AES-256-CTR keystream of a seed), fast enough for tests and
 * benchmarks that need hundreds of megabytes.
 */
export function pseudoRandom(seed: number, size: number): Buffer {
  return keystream(seed).update(Buffer.alloc(size));
}

/** The same keystream handed out piece by piece, so a large stream never exists in memory whole. */
export async function* pseudoRandomStream(
  seed: number,
  total: number,
  pieceSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  const cipher = keystream(seed);
  const zeros = Buffer.alloc(pieceSize);
  for (let done = 0; done < total; done += pieceSize) {
    yield cipher.update(zeros.subarray(0, Math.min(pieceSize, total - done)));
  }
}

function keystream(seed: number) {
  const key = Buffer.alloc(32);
  key.writeUInt32LE(seed >>> 0, 0);
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
}
