import { opendirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { OWN_FILES } from './marker.js';
import { NOTE_NAME } from './notes.js';

export type WalkOrder = 'sorted' | 'readdir';

/** Extensions the simulator gives the files it encrypts under a new name. */
export const COPY_EXTENSION = '.lifeline-sim';
export const RENAME_EXTENSION = '.lifeline-locked';
/** A restore writes here first, then renames over the original. */
export const RESTORE_SUFFIX = '.lifeline-restore';

export type WalkStep = { kind: 'directory'; rel: string } | { kind: 'file'; rel: string };

/**
 * Windows lists NTFS directories in upper-cased code-unit order, and an encryptor there takes entries
 * in that order; `readdir` keeps the file system's own order, for comparison.
 */
export function ntfsCompare(a: string, b: string): number {
  const upperA = a.toUpperCase();
  const upperB = b.toUpperCase();
  if (upperA !== upperB) return upperA < upperB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isOwn(name: string, atRoot: boolean): boolean {
  if (atRoot && OWN_FILES.has(name)) return true;
  return (
    name === NOTE_NAME ||
    name.endsWith(COPY_EXTENSION) ||
    name.endsWith(RENAME_EXTENSION) ||
    name.endsWith(RESTORE_SUFFIX)
  );
}

/** One directory's entries worth touching: regular files and real directories, never links. */
export function listDirectory(root: string, rel: string, order: WalkOrder): Dirent[] {
  const dir = opendirSync(join(root, rel));
  const entries: Dirent[] = [];
  try {
    for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
      if (isOwn(entry.name, rel === '')) continue;
      if (entry.isFile() || entry.isDirectory()) entries.push(entry);
    }
  } finally {
    dir.closeSync();
  }
  return order === 'sorted' ? entries.sort((a, b) => ntfsCompare(a.name, b.name)) : entries;
}

/**
 * Depth first, each directory read when it is entered (as an encryptor does, not from a list made
 * beforehand): the directory, then its entries in order, descending into each subdirectory when met.
 */
export function* walk(root: string, rel: string, order: WalkOrder): Generator<WalkStep> {
  yield { kind: 'directory', rel };
  for (const entry of listDirectory(root, rel, order)) {
    const child = rel === '' ? entry.name : join(rel, entry.name);
    if (entry.isDirectory()) yield* walk(root, child, order);
    else yield { kind: 'file', rel: child };
  }
}
