/**
 * Chunker throughput on 512 MiB of pseudo-random data: `npx tsx bench/vault/chunker.ts [MiB]`.
 * Reports the synchronous core (cutPoints over one buffer) and the streaming path (64 KiB pieces,
 * as fs streams deliver them), each the best of three runs.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
// The benchmark measures the chunker itself, below the vault's public surface.
// eslint-disable-next-line no-restricted-imports
import {
  chunkParams,
  chunkStream,
  createGearTable,
  cutPoints,
} from '../../src/modules/vault/chunker/index.js';

const mib = Number(process.argv[2] ?? 512);
const size = mib * 1024 * 1024;
const gear = createGearTable(randomBytes(32));
const data = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16)).update(Buffer.alloc(size));

async function* pieces(buf: Buffer, pieceSize: number): AsyncGenerator<Buffer> {
  for (let off = 0; off < buf.length; off += pieceSize) yield buf.subarray(off, off + pieceSize);
}

async function best(label: string, run: () => Promise<number>): Promise<void> {
  let fastest = Infinity;
  let chunks = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = process.hrtime.bigint();
    chunks = await run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const mbps = size / 1e6 / fastest;
  console.log(
    `${label}: ${mbps.toFixed(0)} MB/s (${chunks} chunks, mean ${(size / chunks / 1024).toFixed(0)} KiB)`,
  );
}

await best('findBoundary over one buffer', () =>
  Promise.resolve(cutPoints(data, chunkParams({ gear })).length),
);
await best('chunkStream, 64 KiB pieces', async () => {
  let n = 0;
  for await (const chunk of chunkStream(pieces(data, 64 * 1024), { gear })) if (chunk.length > 0) n++;
  return n;
});
