import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LifelineError, type SafeDetails } from '../../../kernel/errors.js';
import type { BlobFailure, BlobReply, BlobRequest } from './blob-job.js';

type Pending = { resolve: (reply: BlobReply) => void; reject: (error: Error) => void };

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet. */
  jobs: Set<number>;
}

/** Starts the worker from the built .js, or from the .ts source through tsx when run from source (tests). */
function startWorker(): Worker {
  const built = new URL('./blob-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  const source = new URL('./blob-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * A fixed set of worker threads running blob jobs. Workers are started lazily and unref'd while idle,
 * so an open pool never keeps the process alive and needs no explicit shutdown.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;

  constructor(readonly size: number) {}

  run(job: BlobRequest, transfer: ArrayBuffer[] = []): Promise<BlobReply> {
    const slot = this.pick();
    const id = this.nextJob++;
    return new Promise<BlobReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.add(id);
      slot.worker.postMessage({ ...job, job: id }, transfer);
    });
  }

  private pick(): Slot {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.jobs.size < best.jobs.size) best = slot;
    if (best && (best.jobs.size === 0 || this.slots.length >= this.size)) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, jobs: new Set() };
    worker.unref();
    worker.on('message', (reply: BlobReply | BlobFailure) => {
      const pending = this.pending.get(reply.job);
      if (!pending) return;
      this.pending.delete(reply.job);
      slot.jobs.delete(reply.job);
      if (slot.jobs.size === 0) worker.unref();
      if ('error' in reply) {
        const { code, message, details } = reply.error;
        pending.reject(
          code ? new LifelineError(code, message, (details ?? {}) as SafeDetails) : new Error(message),
        );
      } else {
        pending.resolve(reply);
      }
    });
    worker.on('error', (error) => this.lose(slot, error));
    worker.on('exit', (code) => this.lose(slot, new Error(`blob worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  /** A dead worker fails the jobs it held; the next job starts a fresh one. */
  private lose(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const id of slot.jobs) {
      this.pending.get(id)?.reject(error);
      this.pending.delete(id);
    }
    slot.jobs.clear();
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

let shared: WorkerPool | null = null;

/** The process-wide pool, one worker per available core; null when `size` < 1 asks for none. */
export function sharedPool(size = availableParallelism()): WorkerPool | null {
  if (size < 1) return null;
  shared ??= new WorkerPool(size);
  return shared;
}
