import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusFile } from './corpus.js';
import { VARIANTS, type Variant } from './journal.js';
import { JOURNAL_FILE, KEY_FILE } from './marker.js';
import { NOTE_NAME, NOTE_TEXT } from './notes.js';
import { restoreTarget } from './restore.js';
import { runSimulation } from './run.js';
import { changedFiles, corpusTarget, removeTargets } from './simulate.testkit.js';
import { COPY_EXTENSION, RENAME_EXTENSION } from './walk.js';

function directories(root: string): string[] {
  const found = [root];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...directories(join(root, entry.name)));
  }
  return found;
}

/** What each variant must have done to one file of the corpus. */
function expectChanged(variant: Variant, root: string, file: CorpusFile, original: Buffer): void {
  const path = join(root, file.path);
  if (variant === 'copy-delete' || variant === 'rename-first') {
    expect(existsSync(path)).toBe(false);
    const moved = path + (variant === 'copy-delete' ? COPY_EXTENSION : RENAME_EXTENSION);
    expect(statSync(moved).size).toBe(file.size);
    expect(readFileSync(moved).equals(original)).toBe(false);
    return;
  }
  const now = readFileSync(path);
  if (variant === 'base64') {
    expect(now.length).toBe(4 * Math.ceil(file.size / 3));
    expect(now.toString('latin1')).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    return;
  }
  expect(now.length).toBe(file.size);
  if (variant === 'partial') {
    expect(now.subarray(0, 4096).equals(original.subarray(0, 4096))).toBe(false);
    expect(now.subarray(4096).equals(original.subarray(4096))).toBe(true);
  } else {
    expect(now.subarray(now.length - 64).equals(original.subarray(original.length - 64))).toBe(false);
  }
}

afterAll(removeTargets);

describe('simulation variants', () => {
  it.each(VARIANTS)(
    '%s changes every file as it says and restoreTarget brings each back byte for byte',
    async (variant) => {
      const { root, corpus } = corpusTarget(16);
      const originals = new Map(corpus.map((file) => [file.path, readFileSync(join(root, file.path))]));
      const result = await runSimulation({ target: root, variant, intervalMs: 5, threads: 3 });
      expect(result.files).toBe(corpus.length);
      for (const file of corpus) expectChanged(variant, root, file, originals.get(file.path) as Buffer);
      for (const dir of directories(root)) expect(readFileSync(join(dir, NOTE_NAME), 'utf8')).toBe(NOTE_TEXT);
      expect(NOTE_TEXT).toMatch(/SIMULATION/);

      const restored = await restoreTarget(root);
      expect(restored).toMatchObject({ files: corpus.length, restored: corpus.length });
      expect(changedFiles(root, corpus)).toEqual([]);
      for (const dir of directories(root)) expect(existsSync(join(dir, NOTE_NAME))).toBe(false);
      expect(existsSync(join(root, KEY_FILE)) || existsSync(join(root, JOURNAL_FILE))).toBe(false);
    },
  );

  it('refuses to run twice before a restore, and a restore with nothing to do changes nothing', async () => {
    const { root, corpus } = corpusTarget(4);
    await runSimulation({ target: root, variant: 'fast', limit: 2 });
    await expect(runSimulation({ target: root, variant: 'fast' })).rejects.toMatchObject({
      code: 'SENTINEL_SIMULATION_REFUSED',
    });
    expect(changedFiles(root, corpus)).toHaveLength(2);
    await restoreTarget(root);
    expect(await restoreTarget(root)).toEqual({ files: 0, restored: 0, notesRemoved: 0, skipped: 0 });
    expect(changedFiles(root, corpus)).toEqual([]);
  });

  it('walks in NTFS order: case-insensitive by name, depth first', async () => {
    const { root } = corpusTarget(20);
    await runSimulation({ target: root, variant: 'fast' });
    const journal = readFileSync(join(root, JOURNAL_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { t: string; original?: string; path?: string });
    const visited = journal.flatMap((r) => (r.t === 'begin' ? [r.original] : r.t === 'note' ? [r.path] : []));
    const files = visited.filter((path): path is string => !!path && !path.endsWith(NOTE_NAME));
    const upper = files.map((path) => path.toUpperCase());
    expect(upper).toEqual([...upper].sort());
    await restoreTarget(root);
  });
});

describe('restoring around canaries', () => {
  it.each(['fast', 'rename-first'] as const)(
    '%s: files the caller names are left to the sentinel, with the simulator copy gone, the rest restored',
    async (variant) => {
      const { root, corpus } = corpusTarget(6);
      await runSimulation({ target: root, variant });
      const kept = join(root, corpus[0]!.path);
      const restored = await restoreTarget(root, { skip: new Set([kept]) });
      expect(restored).toMatchObject({ files: corpus.length, restored: corpus.length - 1, skipped: 1 });
      expect(changedFiles(root, corpus)).toEqual([corpus[0]!.path]);
      expect(existsSync(kept + RENAME_EXTENSION)).toBe(false);
    },
  );
});
