import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';
import type { EncryptContext } from './encrypt.js';
import { JournalWriter, writeKey, type Variant } from './journal.js';
import { KEY_FILE, checkTarget } from './marker.js';
import { processStart } from './process-start.js';
import { runThreads } from './threads.js';
import { encryptTree } from './tree.js';
import type { WalkOrder } from './walk.js';

export interface SimulationOptions {
  target: string;
  variant: Variant;
  /** `sorted` (default): the order a Windows encryptor meets NTFS entries; `readdir`: the file system's own. */
  order?: WalkOrder;
  /** `slow`: milliseconds between files; default 3000. */
  intervalMs?: number;
  /** `threads`: how many worker threads; default 4. */
  threads?: number;
  /** Sync each journal record to disk before its change (default true); off only survives a kill, not a power cut. */
  durable?: boolean;
  /** Stop after this many files (tests). */
  limit?: number;
  /**
   * Drop a ransom note in each directory entered (default true). Off, the sentinel must catch the
   * encryption by what it does to the files alone, as with groups that leave their note at the end.
   */
  dropNotes?: boolean;
}

export interface SimulationResult {
  files: number;
  notes: number;
  /** Files left alone because they were not plain files of the target's own (journal `skip` records). */
  skipped: number;
  startedAt: number;
  finishedAt: number;
}

/**
 * Runs one simulation on a target made by prepareTarget. The key is on disk before the first change
 * and every change is announced in the journal first, so restoreTarget can undo the run from any point.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { path: root } = checkTarget(options.target);
  if (existsSync(join(root, KEY_FILE))) {
    throw new LifelineError(
      'SENTINEL_SIMULATION_REFUSED',
      `the simulator refuses ${root}: it holds an unrestored simulation; restore it first`,
      { target: root, reason: 'an earlier simulation is not restored' },
    );
  }
  const key = randomBytes(32);
  writeKey(root, key);
  const durable = options.durable ?? true;
  const journal = new JournalWriter(root, durable);
  const startedAt = Date.now();
  journal.append(
    {
      t: 'start',
      pid: process.pid,
      started: processStart(process.pid),
      variant: options.variant,
      at: startedAt,
    },
    true,
  );
  let counter = 0;
  const context: EncryptContext = {
    root,
    key,
    variant: options.variant,
    journal,
    nextId: () => `${process.pid}-0-${++counter}`,
  };
  try {
    const done =
      options.variant === 'threads'
        ? await runThreads(context, options.threads ?? 4, {
            order: options.order ?? 'sorted',
            durable,
            dropNotes: options.dropNotes ?? true,
          })
        : await encryptTree(context, [{ rel: '', isDirectory: true }], options);
    return { ...done, startedAt, finishedAt: Date.now() };
  } finally {
    journal.append({ t: 'end', at: Date.now() }, true);
    journal.close();
  }
}
