import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { dropNote, type EncryptContext } from './encrypt.js';
import type { TreePart, TreeResult } from './tree.js';
import { listDirectory, type WalkOrder } from './walk.js';

/** What each worker thread receives. */
export interface ThreadJob {
  root: string;
  key: string;
  index: number;
  parts: TreePart[];
  order: WalkOrder;
  durable: boolean;
  dropNotes: boolean;
}

/** Starts the worker from the built .js, or from the .ts source through tsx when run from source. */
function startWorker(job: ThreadJob): Worker {
  const built = new URL('./threads-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData: job });
  const source = new URL('./threads-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

/**
 * The `threads` variant: the top-level entries dealt round-robin to several threads of the same
 * process, each walking its share at once (one writer pid, many files in flight).
 */
export async function runThreads(
  context: EncryptContext,
  threads: number,
  options: { order: WalkOrder; durable: boolean; dropNotes: boolean },
): Promise<TreeResult> {
  const rootNote = options.dropNotes && dropNote(context, '');
  const entries = listDirectory(context.root, '', options.order);
  const count = Math.max(1, Math.min(threads, entries.length));
  const parts: TreePart[][] = Array.from({ length: count }, () => []);
  entries.forEach((entry, i) =>
    parts[i % count]?.push({ rel: entry.name, isDirectory: entry.isDirectory() }),
  );
  const results = await Promise.all(
    parts.map(
      (own, index) =>
        new Promise<TreeResult>((resolve, reject) => {
          const worker = startWorker({
            root: context.root,
            key: context.key.toString('hex'),
            index: index + 1,
            parts: own,
            ...options,
          });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`simulation thread ended with code ${code}`)));
        }),
    ),
  );
  return results.reduce(
    (sum, r) => ({
      files: sum.files + r.files,
      notes: sum.notes + r.notes,
      skipped: sum.skipped + r.skipped,
    }),
    { files: 0, notes: rootNote ? 1 : 0, skipped: 0 },
  );
}
