import { setTimeout as sleep } from 'node:timers/promises';
import { dropNote, encryptFile, type EncryptContext } from './encrypt.js';
import { walk, type WalkOrder } from './walk.js';

export interface TreePart {
  rel: string;
  isDirectory: boolean;
}

export interface TreeOptions {
  order?: WalkOrder;
  /** `slow`: milliseconds between files; default 3000. */
  intervalMs?: number;
  /** Stop after this many files. */
  limit?: number;
  /** A note in each directory entered; default true. */
  dropNotes?: boolean;
}

/** Files encrypted, notes dropped, and files left alone (a link or a hard link; see the journal). */
export interface TreeResult {
  files: number;
  notes: number;
  skipped: number;
}

/** Encrypts the given parts of the target in walk order, a note in each directory entered. */
export async function encryptTree(
  context: EncryptContext,
  parts: readonly TreePart[],
  options: TreeOptions,
): Promise<TreeResult> {
  let files = 0;
  let notes = 0;
  let skipped = 0;
  for (const part of parts) {
    const steps = part.isDirectory
      ? walk(context.root, part.rel, options.order ?? 'sorted')
      : [{ kind: 'file', rel: part.rel } as const];
    for (const step of steps) {
      if (options.limit !== undefined && files >= options.limit) return { files, notes, skipped };
      if (step.kind === 'directory') {
        if (options.dropNotes === false) continue;
        if (dropNote(context, step.rel)) notes++;
        continue;
      }
      if (context.variant === 'slow' && files > 0) await sleep(options.intervalMs ?? 3000);
      if (encryptFile(context, step.rel)) files++;
      else skipped++;
    }
  }
  return { files, notes, skipped };
}
