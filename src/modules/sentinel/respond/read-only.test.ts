import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { mountsAt, topAt, unmountAll } from './mounts.testkit.js';
import { makeWritable, readOnlyAction } from './read-only.js';
import { contextFor, isRoot } from './testkit.js';

function writeError(path: string): string | null {
  try {
    writeFileSync(path, 'after');
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  }
}

describe.skipIf(!isRoot)('read-only share (needs root for mount)', () => {
  let scratch: string;
  let share: string;
  let other: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sentinel-ro-'));
    share = join(scratch, 'share');
    other = join(scratch, 'other');
    mkdirSync(share);
    mkdirSync(other);
    writeFileSync(join(share, 'report.docx'), 'before');
  });

  afterEach(async () => {
    // Whatever a test left mounted over the share goes, even after a failure.
    await unmountAll(share);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('makes the share read-only for writers and makes it writable again', async () => {
    const outcome = await readOnlyAction().run(contextFor(null, share));
    expect(outcome).toMatchObject({ action: 'read-only', ok: true });
    expect(writeError(join(share, 'report.docx'))).toBe('EROFS');
    expect(writeError(join(share, 'new.txt'))).toBe('EROFS');
    expect(readFileSync(join(share, 'report.docx'), 'utf8')).toBe('before');

    expect(await readOnlyAction().run(contextFor(null, share))).toMatchObject({
      ok: true,
      detail: `${share} is already read-only`,
    });
    expect(mountsAt(share)).toBe(1);

    expect(await makeWritable(share)).toMatchObject({ ok: true, detail: `${share} is writable again` });
    expect(mountsAt(share)).toBe(0);
    expect(writeError(join(share, 'report.docx'))).toBeNull();
    expect(await makeWritable(share)).toMatchObject({ ok: true, detail: `${share} is writable` });
  });

  it('two detections at once lay one bind, and one undo makes the share writable', async () => {
    const outcomes = await Promise.all([
      readOnlyAction().run(contextFor(null, share)),
      readOnlyAction().run(contextFor(null, share)),
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(mountsAt(share)).toBe(1);
    expect(await makeWritable(share)).toMatchObject({ ok: true, detail: `${share} is writable again` });
    expect(mountsAt(share)).toBe(0);
    expect(writeError(join(share, 'report.docx'))).toBeNull();
  });

  it("leaves an administrator's read-only bind of another directory on the same device alone", async () => {
    execFileSync('mount', ['--bind', other, share]);
    execFileSync('mount', ['-o', 'remount,bind,ro', share]);
    const before = topAt(share)?.id;
    const undo = await makeWritable(share);
    expect(undo).toMatchObject({ ok: false });
    expect(undo.detail).toContain('not by the sentinel');
    expect(topAt(share)?.id).toBe(before);
    expect(writeError(join(share, 'new.txt'))).toBe('EROFS');
  });

  it('leaves a read-only mount it did not make alone', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', share]);
    const before = topAt(share);
    expect(await readOnlyAction().run(contextFor(null, share))).toMatchObject({
      ok: true,
      detail: `${share} is already read-only`,
    });
    const undo = await makeWritable(share);
    expect(undo.ok).toBe(false);
    expect(undo.detail).toContain('not by the sentinel');
    expect(topAt(share)?.id).toBe(before?.id);
  });

  it('says when the share does not exist', async () => {
    expect(await readOnlyAction().run(contextFor(null, join(share, 'gone')))).toMatchObject({ ok: false });
  });
});
