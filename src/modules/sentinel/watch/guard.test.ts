import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { fanotifyAvailable, loadAddon } from './addon.js';
import { createShareWatcher } from './index.js';
import type { SentinelShareWatcher } from './problems.js';
import {
  WRITE_THEN_KEEP_BUSY,
  collect,
  eventually,
  makeTree,
  processState,
  spawnNode,
} from './watch.testkit.js';

const available = fanotifyAvailable();
if (!available.ok) console.warn(`fanotify guard tests skipped: ${available.reason}`);

/** Opens the file read-write, writes nothing, closes it, then writes argv[2] until killed. */
const OPEN_RW_THEN_KEEP_BUSY = `
const fs = require('fs');
fs.closeSync(fs.openSync(process.argv[1], 'r+'));
const tick = () => { fs.appendFileSync(process.argv[2], 'x'); setTimeout(tick, 20); };
tick();
`;

describe.skipIf(!available.ok)('the kernel guard (real kernel)', () => {
  let tree: ReturnType<typeof makeTree>;
  let watcher: SentinelShareWatcher;
  const children: number[] = [];

  beforeEach(() => {
    tree = makeTree();
    watcher = createShareWatcher([tree.root], { prefer: 'fanotify' });
  });

  afterEach(async () => {
    for (const pid of children.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await watcher.close();
    tree.remove();
  });

  function spawnTracked(script: string, args: string[]) {
    const child = spawnNode(script, args);
    children.push(child.pid ?? 0);
    return child;
  }

  it('still stops the writer of a canary whose folder was renamed', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!!canary.docx');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const renamedFolder = join(tree.root, 'docs-2024');
    renameSync(join(tree.root, 'docs'), renamedFolder);
    await waitFor((a) => a.kind === 'rename' && a.path === renamedFolder, 'folder rename');
    const moved = join(renamedFolder, '!!canary.docx');
    const child = spawnTracked(WRITE_THEN_KEEP_BUSY, [moved, join(tree.root, 'scans', 'busy.bin')]);
    const touched = await waitFor(
      (a) => a.path === moved && a.pid === child.pid,
      'write of the moved canary',
    );
    expect(touched).toMatchObject({ kind: 'write', suspendedByGuard: true });
    await eventually(() => processState(child.pid ?? 0) === 'T', 'the writer is stopped');
  });

  it('does not stop a process that opens a canary read-write and writes nothing', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!000-budget.xlsx');
    const busy = join(tree.root, 'scans', 'busy.bin');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const child = spawnTracked(OPEN_RW_THEN_KEEP_BUSY, [canary, busy]);
    const closed = await waitFor((a) => a.path === canary && a.pid === child.pid, 'close of the canary');
    expect(closed.kind).toBe('write');
    expect(closed.suspendedByGuard).toBeUndefined();
    // Its later writes elsewhere show it running after the close was judged.
    await waitFor((a) => a.path === busy && a.pid === child.pid && a.at > closed.at, 'keeps writing');
    expect(processState(child.pid ?? 0)).not.toBe('T');
  });

  it('suspends nothing while the guard is off, and reports the write all the same', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!000-budget.xlsx');
    const busy = join(tree.root, 'scans', 'busy.bin');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    watcher.setGuard(false);
    const child = spawnTracked(WRITE_THEN_KEEP_BUSY, [canary, busy]);
    const touched = await waitFor((a) => a.path === canary && a.pid === child.pid, 'canary write');
    expect(touched.kind).toBe('write');
    expect(touched.suspendedByGuard).toBeUndefined();
    await waitFor((a) => a.path === busy && a.pid === child.pid && a.at > touched.at, 'keeps writing');
    expect(processState(child.pid ?? 0)).not.toBe('T');

    watcher.setGuard(true);
    const second = spawnTracked(WRITE_THEN_KEEP_BUSY, [canary, busy]);
    const stopped = await waitFor((a) => a.path === canary && a.pid === second.pid, 'second canary write');
    expect(stopped.suspendedByGuard).toBe(true);
    await eventually(() => processState(second.pid ?? 0) === 'T', 'guard on again: stopped');
  });

  it('tells a kernel thread (never stoppable by a signal) from a process', () => {
    const loaded = loadAddon();
    if (!('addon' in loaded)) throw new Error(loaded.reason);
    expect(loaded.addon.isKernelThread(2)).toBe(true); // kthreadd
    expect(loaded.addon.isKernelThread(process.pid)).toBe(false);
    expect(loaded.addon.isKernelThread(1)).toBe(false);
    expect(loaded.addon.isKernelThread(0x7fffffff)).toBe(false);
  });

  it('keeps a moved-in folder watched and its canary guarded after the move', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const outside = `${tree.root}-outside`;
    mkdirSync(outside);
    const target = join(tree.root, 'moved-in');
    renameSync(outside, target);
    await waitFor((a) => a.path === target && a.kind === 'create', 'moved-in folder');
    const canary = join(target, '!!canary.pdf');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const child = spawnTracked(`require('fs').unlinkSync(process.argv[1]); setTimeout(() => {}, 20000);`, [
      canary,
    ]);
    const deleted = await waitFor((a) => a.kind === 'delete' && a.path === canary, 'canary delete');
    expect(deleted).toMatchObject({ pid: child.pid, suspendedByGuard: true });
    await eventually(() => processState(child.pid ?? 0) === 'T', 'the deleter is stopped');
  });
});
