import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fanotifyAvailable } from '../watch/index.js';
import { encryptScript, exited, processState, watchShare, type Harness } from './engine.testkit.js';

const fanotify = fanotifyAvailable();
const isRoot = process.getuid?.() === 0;
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

const files = (h: Harness, folder: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => join(h.share, folder, `report-${index}.pdf`));

/** Opens each file for writing, overwrites it with noise and keeps every descriptor open. */
const holdingEncryptor = (targets: string[]): string =>
  `const fs = require('fs'), c = require('crypto'), pause = new Int32Array(new SharedArrayBuffer(4)), held = [];
   for (const f of ${JSON.stringify(targets)}) {
     const fd = fs.openSync(f, 'r+'); held.push(fd);
     fs.writeSync(fd, c.randomBytes(fs.fstatSync(fd).size), 0, undefined, 0);
     Atomics.wait(pause, 0, 0, 30);
   }
   setInterval(() => {}, 1000);`;
const holder = (path: string, flags: string): string =>
  `const fd = require('fs').openSync(${JSON.stringify(path)}, '${flags}'); process.stdout; setInterval(() => fd, 1000);`;

describe.skipIf(!isRoot)('inotify mode, where changes carry no pid (root, to stop writers)', () => {
  it('judges activity afresh once an unknown detection has been held a while', async () => {
    const h = (harness = await watchShare({ prefer: 'inotify' }, { unknownHoldMs: 300 }));
    await exited(h.writer(encryptScript(files(h, 'Cardiology', 4), 0)));
    expect(await h.until(() => h.reports.length > 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    h.writer(encryptScript(files(h, 'Finance', 6), 30));
    const finance = join(h.share, 'Finance');
    expect(
      await h.until(() => h.reports.some((report) => report.files.some((file) => file.startsWith(finance)))),
    ).toBe(true);
    expect(new Set(h.reports.map((report) => report.id)).size).toBeGreaterThanOrEqual(2);
  });

  it('names the one process holding the changed files open for writing, not a reader', async () => {
    const h = (harness = await watchShare({ prefer: 'inotify' }));
    const targets = files(h, 'Cardiology', 6);
    const reader = h.writer(holder(targets[0]!, 'r'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const encryptor = h.writer(holdingEncryptor(targets));
    expect(await h.until(() => h.reports.length > 0)).toBe(true);
    expect(h.reports[0]!.writer.pid).toBe(encryptor.pid);
    expect(processState(encryptor.pid!)).toBe('T');
    expect(processState(reader.pid!)).not.toBe('T');
  });

  it('leaves the writer unknown when two processes hold the files open for writing', async () => {
    const h = (harness = await watchShare({ prefer: 'inotify' }));
    const targets = files(h, 'Cardiology', 6);
    const other = h.writer(holder(targets[0]!, 'r+'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const encryptor = h.writer(holdingEncryptor(targets));
    expect(await h.until(() => h.reports.length > 0)).toBe(true);
    expect(h.reports[0]!.writer.pid).toBeNull();
    expect(processState(encryptor.pid!)).not.toBe('T');
    expect(processState(other.pid!)).not.toBe('T');
  });

  it('places canaries in a new top-level folder without taking its own writes for an attack', async () => {
    const h = (harness = await watchShare({ prefer: 'inotify' }));
    await h.sentinel.ready;
    mkdirSync(join(h.share, 'Radiology'));
    const records = await h.sentinel.placeCanaries();
    const radiology = records.filter((record) => record.directory === join(h.share, 'Radiology'));
    expect(radiology).toHaveLength(2);
    expect(h.published.at(-1)).toEqual(records);
    // Events arrive in order: once a probe is detected, the placement before it was judged. The
    // sentinel ignores its own canary paths for a second after writing them, so the probe waits.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const probe = h.writer(holdingEncryptor([radiology[0]!.path]));
    expect(await h.until(() => h.reports.length > 0)).toBe(true);
    expect(h.reports.map((report) => report.writer.pid)).toEqual([probe.pid]);
  });
});

describe.skipIf(!fanotify.ok)('start and the kernel guard (fanotify)', () => {
  it('resolves ready once the files present at start are fingerprinted, with no problem reported', async () => {
    const h = (harness = await watchShare({ prefer: 'fanotify' }));
    await expect(h.sentinel.ready).resolves.toBeUndefined();
    expect(h.problems).toEqual([]);
  });

  it('does not let the guard suspend a canary writer when the share neither suspends nor kills', async () => {
    const h = (harness = await watchShare({
      prefer: 'fanotify',
      actions: ['webhook'],
      webhook: { url: 'http://127.0.0.1:9/' },
    }));
    const canary = h.sentinel.canaries()[0]!.path;
    const child = h.writer(
      `require('fs').appendFileSync(${JSON.stringify(canary)}, 'x'); setInterval(() => {}, 1000);`,
    );
    expect(await h.until(() => h.reports.length > 0)).toBe(true);
    expect(h.reports[0]!.writer.pid).toBe(child.pid);
    expect(processState(child.pid!)).not.toBe('T');
  });
});
