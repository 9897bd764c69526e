import { parentPort, workerData } from 'node:worker_threads';
import { JournalWriter } from './journal.js';
import type { ThreadJob } from './threads.js';
import { encryptTree } from './tree.js';

/** One thread of the `threads` variant: its own journal handle (appends never interleave), its own ids. */
const job = workerData as ThreadJob;
const journal = new JournalWriter(job.root, job.durable);
let counter = 0;
try {
  const result = await encryptTree(
    {
      root: job.root,
      key: Buffer.from(job.key, 'hex'),
      variant: 'threads',
      journal,
      nextId: () => `${process.pid}-${job.index}-${++counter}`,
    },
    job.parts,
    { order: job.order, dropNotes: job.dropNotes },
  );
  parentPort?.postMessage(result);
} finally {
  journal.close();
}
