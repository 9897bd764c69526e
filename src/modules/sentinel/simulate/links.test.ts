import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptFile, dropNote, type EncryptContext } from './encrypt.js';
import { JournalWriter, readJournal, type Variant } from './journal.js';
import { JOURNAL_FILE } from './marker.js';
import { NOTE_NAME } from './notes.js';
import { restoreTarget } from './restore.js';
import { runSimulation } from './run.js';
import { changedFiles, corpusTarget, removeTargets } from './simulate.testkit.js';
import { RESTORE_SUFFIX } from './walk.js';

const OUTSIDE_TEXT = 'a file outside the target that nothing may change\n';

afterAll(removeTargets);

/** Someone who can write in the target swaps names for links while a root simulator runs. */
describe('the simulator and the restore never follow a link out of the target', () => {
  let outsideDir: string;
  let outside: string;

  beforeEach(() => {
    outsideDir = mkdtempSync(join(tmpdir(), 'lifeline-outside-'));
    outside = join(outsideDir, 'shadow');
    writeFileSync(outside, OUTSIDE_TEXT);
  });

  afterEach(() => rmSync(outsideDir, { recursive: true, force: true }));

  function contextFor(root: string, variant: Variant): EncryptContext {
    let id = 0;
    return {
      root,
      key: randomBytes(32),
      variant,
      journal: new JournalWriter(root, false),
      nextId: () => `t-${++id}`,
    };
  }

  const skips = (root: string): Array<{ path: string; reason: string }> =>
    readJournal(root).records.flatMap((r) => (r.t === 'skip' ? [{ path: r.path, reason: r.reason }] : []));

  it.each<Variant>(['fast', 'partial', 'rename-first', 'base64', 'copy-delete'])(
    '%s: a file swapped for a link, or a directory swapped for one, is skipped with a journal note',
    (variant) => {
      const { root } = corpusTarget(0);
      symlinkSync(outside, join(root, 'Budget.xlsx'));
      symlinkSync(outsideDir, join(root, 'Finance'));
      const context = contextFor(root, variant);
      const encrypted = [encryptFile(context, 'Budget.xlsx'), encryptFile(context, 'Finance/shadow')];
      context.journal.close();
      expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
      expect(encrypted).toEqual([false, false]);
      expect(skips(root)).toEqual([
        { path: 'Budget.xlsx', reason: 'it is a symbolic link' },
        { path: 'Finance/shadow', reason: 'it resolves outside the target' },
      ]);
    },
  );

  it('a ransom note is never written through a link planted at its name', () => {
    const { root } = corpusTarget(0);
    mkdirSync(join(root, 'HR'));
    symlinkSync(outside, join(root, 'HR', NOTE_NAME));
    const context = contextFor(root, 'fast');
    const dropped = dropNote(context, 'HR');
    context.journal.close();
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(dropped).toBe(false);
    expect(skips(root)).toEqual([{ path: `HR/${NOTE_NAME}`, reason: 'something was put at its name' }]);
  });

  it('a file with a second name (a hard link from outside) is skipped, and the run restores', async () => {
    const { root, corpus } = corpusTarget(6);
    const first = corpus[0]?.path as string;
    linkSync(outside, join(root, dirname(first), 'linked.txt'));
    const result = await runSimulation({ target: root, variant: 'fast' });
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(result).toMatchObject({ files: corpus.length, skipped: 1 });
    expect(skips(root)).toEqual([
      { path: join(dirname(first), 'linked.txt'), reason: 'it has 2 hard links' },
    ]);
    await restoreTarget(root);
    expect(changedFiles(root, corpus)).toEqual([]);
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
  });

  it('a journal planted as a link is refused before anything is written through it', async () => {
    const { root } = corpusTarget(2);
    symlinkSync(outside, join(root, JOURNAL_FILE));
    const run = runSimulation({ target: root, variant: 'fast' });
    await run.catch(() => undefined);
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
    await expect(run).rejects.toMatchObject({ code: 'SENTINEL_SIMULATION_REFUSED' });
  });

  it("restore: a link planted at a file's temporary name is removed, not written through", async () => {
    const { root, corpus } = corpusTarget(4);
    await runSimulation({ target: root, variant: 'fast', dropNotes: false });
    for (const file of corpus) symlinkSync(outside, join(root, file.path + RESTORE_SUFFIX));
    const restored = await restoreTarget(root);
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(restored).toMatchObject({ files: corpus.length, restored: corpus.length });
    expect(changedFiles(root, corpus)).toEqual([]);
  });

  it('restore: an encrypted file swapped for a link is not read through it; the restore says which', async () => {
    const { root, corpus } = corpusTarget(3);
    await runSimulation({ target: root, variant: 'fast', dropNotes: false });
    const swapped = join(root, corpus[0]?.path as string);
    rmSync(swapped);
    symlinkSync(outside, swapped);
    await expect(restoreTarget(root)).rejects.toMatchObject({
      code: 'SENTINEL_SIMULATION_RESTORE_FAILED',
      details: { refused: [`${swapped}: it is a symbolic link`] },
    });
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE_TEXT);
  });
});
