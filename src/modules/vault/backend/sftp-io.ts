import type { SftpSession } from './sftp-session.js';

/** Bytes per request batch; several are in flight at once so that latency does not bound throughput. */
const SEGMENT = 256 * 1024;
const IN_FLIGHT = 8;

async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
}

export async function writeAll(session: SftpSession, handle: Buffer, data: Buffer): Promise<void> {
  const segments = Math.ceil(data.length / SEGMENT);
  await inParallel(segments, async (i) => {
    const start = i * SEGMENT;
    const length = Math.min(SEGMENT, data.length - start);
    await session.call((sftp, done) => sftp.write(handle, data, start, length, start, done));
  });
}

/**
 * Reads up to `length` bytes from `offset`; the result is shorter only when the file ends first.
 * Each segment is read until it is full or the server reports the end of the file.
 */
export async function readRange(
  session: SftpSession,
  handle: Buffer,
  offset: number,
  length: number,
): Promise<Buffer> {
  if (length === 0) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(length);
  const filled: number[] = [];
  const segments = Math.ceil(length / SEGMENT);
  await inParallel(segments, async (i) => {
    const start = i * SEGMENT;
    const want = Math.min(SEGMENT, length - start);
    let got = 0;
    while (got < want) {
      const bytes = await session.call<number>((sftp, done) =>
        sftp.read(handle, out, start + got, want - got, offset + start + got, done),
      );
      if (bytes === 0) break;
      got += bytes;
    }
    filled[i] = got;
  });
  let total = 0;
  for (let i = 0; i < segments; i++) {
    const got = filled[i] ?? 0;
    total += got;
    if (got < Math.min(SEGMENT, length - i * SEGMENT)) break;
  }
  return out.subarray(0, total);
}
