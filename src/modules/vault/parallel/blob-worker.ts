/**
 * Worker-thread entry: the CPU-heavy half of saving and loading one blob (zstd, AES-256-CTR and
 * Poly1305). The main thread keeps hashing, deduplication and pack assembly, so the outcome does not
 * depend on which worker finishes first.
 */
import { parentPort } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { compressBlob, decompressBlob } from '../repo/compression.js';
import { corrupt, decrypt, encrypt } from '../repo/crypto.js';
import type { BlobJob, BlobReply } from './blob-job.js';
import { transferable } from './blob-job.js';

function run(job: BlobJob): BlobReply {
  const key = {
    encrypt: Buffer.from(job.key.encrypt),
    macK: Buffer.from(job.key.macK),
    macR: Buffer.from(job.key.macR),
  };
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  if (job.op === 'seal') {
    const packed = job.level === null ? null : compressBlob(data, job.level);
    const sealed = encrypt(key, packed ?? data);
    return packed
      ? { job: job.job, data: sealed, uncompressedLength: data.length }
      : { job: job.job, data: sealed };
  }
  let plain = decrypt(key, data, job.what);
  if (job.uncompressedLength !== undefined) plain = decompressBlob(plain, job.uncompressedLength, job.what);
  if (createHash('sha256').update(plain).digest('hex') !== job.id)
    throw corrupt(job.what, 'content does not match its id');
  return { job: job.job, data: plain };
}

const port = parentPort;
port?.on('message', (job: BlobJob) => {
  try {
    const reply = run(job);
    const [data, transfer] = transferable(reply.data);
    port.postMessage({ ...reply, data }, transfer);
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; details?: unknown };
    port.postMessage({
      job: job.job,
      error: {
        code: typeof e.code === 'string' ? e.code : undefined,
        message: typeof e.message === 'string' ? e.message : 'worker failure',
        details: e.details,
      },
    });
  }
});
