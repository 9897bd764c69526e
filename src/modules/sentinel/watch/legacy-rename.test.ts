import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { fanotifyAvailable, loadAddon } from './addon.js';
import { FanotifyWatcher } from './fanotify.js';
import { collect, eventually, makeTree, processState, spawnNode } from './watch.testkit.js';

const available = fanotifyAvailable();
if (!available.ok) console.warn(`fanotify move-pairing tests skipped: ${available.reason}`);

/** Kernels 5.9–5.16 refuse FAN_RENAME in a mark; the watcher then pairs MOVED_FROM with MOVED_TO. */
describe.skipIf(!available.ok)('fanotify without FAN_RENAME (moves paired by the reader)', () => {
  let tree: ReturnType<typeof makeTree>;
  let watcher: FanotifyWatcher;
  const children: number[] = [];

  beforeEach(() => {
    tree = makeTree();
    const loaded = loadAddon();
    if (!('addon' in loaded)) throw new Error(loaded.reason);
    watcher = new FanotifyWatcher([tree.root], loaded.addon, undefined, { legacyRename: true });
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

  it('reports renames, moves out and moves in, and follows a renamed folder', async () => {
    const { waitFor } = collect(watcher);
    expect((await watcher.start()).complete).toBe(true);
    expect(watcher.stats()?.renameEvents).toBe(false);
    const file = join(tree.root, 'docs', 'a.txt');
    writeFileSync(file, 'x');
    renameSync(file, `${file}.locked`);
    expect(
      await waitFor((a) => a.kind === 'rename' && a.path === `${file}.locked`, 'file rename'),
    ).toMatchObject({ oldPath: file, pid: process.pid, isDir: false });

    const folder = join(tree.root, 'documents');
    renameSync(join(tree.root, 'docs'), folder);
    await waitFor((a) => a.kind === 'rename' && a.path === folder && a.isDir, 'folder rename');
    const deep = join(folder, 'old', 'b.txt');
    writeFileSync(deep, 'y');
    await waitFor((a) => a.kind === 'write' && a.path === deep, 'write under the renamed folder');

    const outside = `${tree.root}-outside`;
    renameSync(join(tree.root, 'scans'), outside);
    await waitFor((a) => a.kind === 'delete' && a.path === join(tree.root, 'scans'), 'move out');
    mkdirSync(join(outside, 'sub'));
    writeFileSync(join(outside, 'sub', 'c.txt'), 'z');
    renameSync(outside, join(tree.root, 'back'));
    await waitFor((a) => a.kind === 'create' && a.path === join(tree.root, 'back'), 'move in');
    await waitFor(
      (a) => a.path === join(tree.root, 'back', 'sub', 'c.txt'),
      'content of the moved-in folder',
    );
  });

  it('stops a process that renames a canary, and one that writes a canary in a renamed folder', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'scans', 'zzz-inventory.docx');
    const second = join(tree.root, 'docs', '!!canary.docx');
    writeFileSync(canary, 'decoy');
    writeFileSync(second, 'decoy');
    watcher.setCanaries([canary, second]);
    const renamer = spawnNode(
      `require('fs').renameSync(process.argv[1], process.argv[1] + '.locked'); setTimeout(() => {}, 20000);`,
      [canary],
    );
    children.push(renamer.pid ?? 0);
    const moved = await waitFor((a) => a.kind === 'rename' && a.oldPath === canary, 'canary rename');
    expect(moved).toMatchObject({ pid: renamer.pid, suspendedByGuard: true });
    await eventually(() => processState(renamer.pid ?? 0) === 'T', 'the renamer is stopped');

    renameSync(join(tree.root, 'docs'), join(tree.root, 'docs-2'));
    await waitFor((a) => a.kind === 'rename' && a.path === join(tree.root, 'docs-2'), 'folder rename');
    const movedCanary = join(tree.root, 'docs-2', '!!canary.docx');
    const writer = spawnNode(
      `require('fs').appendFileSync(process.argv[1], 'locked'); setTimeout(() => {}, 20000);`,
      [movedCanary],
    );
    children.push(writer.pid ?? 0);
    const written = await waitFor(
      (a) => a.path === movedCanary && a.pid === writer.pid,
      'moved canary write',
    );
    expect(written.suspendedByGuard).toBe(true);
    await eventually(() => processState(writer.pid ?? 0) === 'T', 'the writer is stopped');
  });
});
