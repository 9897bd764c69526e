import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { mountsAt, topAt, unmountAll, WriterInside } from './mounts.testkit.js';
import { makeWritable, readOnlyAction } from './read-only.js';
import { contextFor, isRoot } from './testkit.js';

describe.skipIf(!isRoot)('read-only share and processes already inside it (needs root for mount)', () => {
  let share: string;
  let writer: WriterInside | undefined;

  beforeEach(() => {
    share = mkdtempSync(join(tmpdir(), 'sentinel-ro-inside-'));
  });

  afterEach(async () => {
    await writer?.stop();
    writer = undefined;
    await unmountAll(share);
    rmSync(share, { recursive: true, force: true });
  });

  it('a share on its own file system: its mount goes read-only, so relative writes from inside fail', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', share]);
    const tmpfs = topAt(share)?.id;
    writer = new WriterInside(share);
    expect(await writer.write('before.txt')).toBe('ok');

    const outcome = await readOnlyAction().run(contextFor(null, share));
    expect(outcome).toMatchObject({ ok: true });
    expect(await writer.write('during.txt')).toBe('EROFS');
    expect(await writer.write('before.txt')).toBe('EROFS');
    expect(outcome.detail).toContain('remounted read-only, for every process');
    expect(mountsAt(share)).toBe(1);

    expect(await makeWritable(share)).toMatchObject({ ok: true, detail: `${share} is writable again` });
    expect(topAt(share)?.id).toBe(tmpfs);
    expect(topAt(share)).toMatchObject({ options: expect.arrayContaining(['rw']) });
    expect(topAt(share)?.superOptions).toContain('rw');
    expect(await writer.write('after.txt')).toBe('ok');
    expect(readFileSync(join(share, 'after.txt'), 'utf8')).toBe('written from inside');
  });

  it('a share that is not a mount of its own: the outcome says processes inside keep write access', async () => {
    writer = new WriterInside(share);
    const outcome = await readOnlyAction().run(contextFor(null, share));
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toContain('already inside the share');
    expect(outcome.detail).toContain('keep write access');
    // The limit the detail names, shown: a relative write from inside still lands.
    expect(await writer.write('inside.txt')).toBe('ok');
    expect(await makeWritable(share)).toMatchObject({ ok: true });
    expect(mountsAt(share)).toBe(0);
  });

  it('a file held open for writing keeps the mount from going read-only: the bind is the fallback, said plainly', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', share]);
    writer = new WriterInside(share);
    expect(await writer.hold('open.txt')).toBe('ok');

    const outcome = await readOnlyAction().run(contextFor(null, share));
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toContain('could not be remounted read-only');
    expect(outcome.detail).toContain('keep write access');
    expect(mountsAt(share)).toBe(2);

    expect(await makeWritable(share)).toMatchObject({ ok: true, detail: `${share} is writable again` });
    expect(mountsAt(share)).toBe(1);
    expect(await writer.write('after.txt')).toBe('ok');
  });
});
