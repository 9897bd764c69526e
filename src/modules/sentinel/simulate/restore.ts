import {
  closeSync,
  existsSync,
  fsyncSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LifelineError } from '../../../kernel/errors.js';
import { parseKey, readJournal, type BeginRecord, type JournalRecord } from './journal.js';
import { JOURNAL_FILE, KEY_FILE, checkTarget } from './marker.js';
import { processStart, processState } from './process-start.js';
import { recoverContent } from './recover.js';
import { createInside, openInside, readAll } from './safe-file.js';
import { RESTORE_SUFFIX } from './walk.js';

export interface RestoreResult {
  /** Files the journal names. */
  files: number;
  /** Of those, files whose content or name had changed and were put back. */
  restored: number;
  notesRemoved: number;
  /** Files left alone because the caller said so (canaries, which the watching sentinel replaces). */
  skipped: number;
}

/** Refuses paths whose directory resolves outside the target (a directory swapped for a link). */
function inside(root: string, path: string): boolean {
  try {
    const parent = realpathSync(dirname(path));
    return parent === root || parent.startsWith(root + sep);
  } catch {
    return false;
  }
}

/**
 * Writes beside the original, syncs, then renames over it: a kill during restore loses nothing. The
 * temporary name is cleared first and made anew (a link planted there is removed, never followed).
 */
function putBack(root: string, path: string, content: Buffer): string | null {
  const temporary = path + RESTORE_SUFFIX;
  try {
    unlinkSync(temporary);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = createInside(root, temporary);
  if ('refused' in created) return `${temporary}: ${created.refused}`;
  try {
    let done = 0;
    while (done < content.length) done += writeSync(created.fd, content, done, content.length - done);
    fsyncSync(created.fd);
  } finally {
    closeSync(created.fd);
  }
  renameSync(temporary, path);
  return null;
}

/** What the simulator left at a path, read through a descriptor that follows no link; why not, else. */
function readLeft(root: string, path: string): Buffer | string {
  const opened = openInside(root, path, false);
  if ('refused' in opened) return `${path}: ${opened.refused}`;
  try {
    return readAll(opened.fd, opened.size);
  } finally {
    closeSync(opened.fd);
  }
}

type FileOutcome = 'unchanged' | 'restored' | { failed: string | null };

/** Puts one file back; failed when nothing the simulator left matches the journal's hash. */
function restoreFile(root: string, record: BeginRecord, key: Buffer): FileOutcome {
  const originalPath = join(root, record.original);
  const targetPath = join(root, record.target);
  if (!inside(root, originalPath) || !inside(root, targetPath)) {
    return { failed: 'its directory resolves outside the target' };
  }
  const candidates = [originalPath, targetPath, originalPath + RESTORE_SUFFIX].filter(
    (path, i, all) => all.indexOf(path) === i && existsSync(path),
  );
  let refused: string | null = null;
  for (const path of candidates) {
    const content = readLeft(root, path);
    if (typeof content === 'string') {
      refused = content;
      continue;
    }
    const plain = recoverContent(record, key, content);
    if (!plain) continue;
    const untouched = path === originalPath && plain === content;
    if (!untouched) {
      const failed = putBack(root, originalPath, plain);
      if (failed) return { failed };
    }
    for (const leftover of [targetPath, originalPath + RESTORE_SUFFIX]) {
      if (leftover !== originalPath && existsSync(leftover)) unlinkSync(leftover);
    }
    return untouched ? 'unchanged' : 'restored';
  }
  return { failed: refused };
}

/** Ends (or refuses to race) a simulator still alive, even stopped: a resumed one would go on encrypting. */
async function settleSimulator(records: JournalRecord[], root: string, endSimulator: boolean): Promise<void> {
  // A run that wrote its end record (finished or failed) is over, whichever process wrote it.
  if (records.some((record) => record.t === 'end')) return;
  for (const record of records) {
    if (record.t !== 'start' || record.started === '' || processStart(record.pid) !== record.started)
      continue;
    const state = processState(record.pid);
    if (state === null || state === 'Z') continue;
    if (!endSimulator || record.pid === process.pid) {
      throw new LifelineError(
        'SENTINEL_SIMULATION_RUNNING',
        `the simulation process ${record.pid} is still alive`,
        {
          target: root,
          pid: record.pid,
        },
      );
    }
    process.kill(record.pid, 'SIGKILL');
    while (![null, 'Z'].includes(processState(record.pid))) await sleep(10);
  }
}

/**
 * Undoes a simulation: every file the journal names comes back byte for byte (checked against the
 * hash taken before it was touched), wherever the simulator was stopped or killed; notes go; the
 * key and journal are removed only when every file is back.
 */
export async function restoreTarget(
  dir: string,
  options: { endSimulator?: boolean; skip?: ReadonlySet<string> } = {},
): Promise<RestoreResult> {
  const { path: root } = checkTarget(dir);
  if (!existsSync(join(root, JOURNAL_FILE))) {
    if (existsSync(join(root, KEY_FILE))) unlinkSync(join(root, KEY_FILE));
    return { files: 0, restored: 0, notesRemoved: 0, skipped: 0 };
  }
  const { records } = readJournal(root);
  await settleSimulator(records, root, options.endSimulator ?? false);
  const key = existsSync(join(root, KEY_FILE)) ? parseKey(readFileSync(join(root, KEY_FILE), 'utf8')) : null;
  const failed: string[] = [];
  const refused: string[] = [];
  let files = 0;
  let restored = 0;
  let notesRemoved = 0;
  let skipped = 0;
  for (const record of records) {
    if (record.t === 'note') {
      const path = join(root, record.path);
      if (inside(root, path) && existsSync(path)) {
        unlinkSync(path);
        notesRemoved++;
      }
    }
    if (record.t !== 'begin') continue;
    files++;
    if (options.skip?.has(join(root, record.original))) {
      // Writing a canary back would be stopped as an attack; only the sentinel's own copy goes.
      skipped++;
      removeSimulatorCopy(root, record.original, record.target);
      continue;
    }
    const outcome = key ? restoreFile(root, record, key) : { failed: null };
    if (typeof outcome === 'object') {
      failed.push(record.original);
      if (outcome.failed) refused.push(outcome.failed);
    }
    if (outcome === 'restored') restored++;
  }
  if (failed.length > 0) {
    throw new LifelineError(
      'SENTINEL_SIMULATION_RESTORE_FAILED',
      `${failed.length} of ${files} files could not be restored`,
      {
        target: root,
        failed: failed.length,
        paths: failed.slice(0, 20),
        // Files not read or written because they were links, hard links or outside the target.
        ...(refused.length > 0 ? { refused: refused.slice(0, 20) } : {}),
      },
    );
  }
  unlinkSync(join(root, JOURNAL_FILE));
  if (existsSync(join(root, KEY_FILE))) unlinkSync(join(root, KEY_FILE));
  return { files, restored, notesRemoved, skipped };
}

/** The encrypted copy or renamed file the simulator left beside a skipped original, if any. */
function removeSimulatorCopy(root: string, original: string, target: string): void {
  if (target === original) return;
  const path = join(root, target);
  if (inside(root, path) && existsSync(path)) unlinkSync(path);
}
