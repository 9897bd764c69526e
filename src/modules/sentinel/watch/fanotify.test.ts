import { mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { fanotifyAvailable } from './addon.js';
import { createShareWatcher } from './index.js';
import type { SentinelShareWatcher } from './problems.js';
import {
  WRITE_THEN_KEEP_BUSY,
  collect,
  eventually,
  exited,
  makeTree,
  processState,
  spawnNode,
} from './watch.testkit.js';

const available = fanotifyAvailable();
const reason = available.ok ? '' : available.reason;
if (reason) console.warn(`fanotify tests skipped: ${reason}`);

describe.skipIf(!available.ok)('fanotify watcher (real kernel)', () => {
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

  it('reports a child process writing into the tree with its pid and the absolute path', async () => {
    const { waitFor } = collect(watcher);
    const coverage = await watcher.start();
    expect(coverage).toMatchObject({ mode: 'fanotify', complete: true, directories: 4 });
    const file = join(tree.root, 'docs', 'old', 'report.txt');
    const child = spawnNode("require('fs').writeFileSync(process.argv[1], 'hello')", [file]);
    expect(await exited(child)).toBe(0);
    const created = await waitFor((a) => a.kind === 'create' && a.path === file, 'create of report.txt');
    const written = await waitFor((a) => a.kind === 'write' && a.path === file, 'write of report.txt');
    expect(created.pid).toBe(child.pid);
    expect(written).toMatchObject({ pid: child.pid, isDir: false });
    expect(written.suspendedByGuard).toBeUndefined();
  });

  it('follows a directory made after start and a directory renamed after start', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const made = join(tree.root, 'made-later');
    const mkdir = spawnNode("require('fs').mkdirSync(process.argv[1] + '/inner', { recursive: true })", [
      made,
    ]);
    await exited(mkdir);
    await waitFor((a) => a.kind === 'create' && a.path === made && a.isDir, 'create of made-later');
    const inner = join(made, 'inner', 'a.txt');
    const writer = spawnNode("require('fs').writeFileSync(process.argv[1], 'x')", [inner]);
    await exited(writer);
    expect((await waitFor((a) => a.kind === 'write' && a.path === inner, 'write in made-later')).pid).toBe(
      writer.pid,
    );

    const renamed = join(tree.root, 'documents');
    const mover = spawnNode("require('fs').renameSync(process.argv[1], process.argv[2])", [
      join(tree.root, 'docs'),
      renamed,
    ]);
    await exited(mover);
    const rename = await waitFor((a) => a.kind === 'rename' && a.path === renamed, 'rename of docs');
    expect(rename).toMatchObject({ oldPath: join(tree.root, 'docs'), isDir: true, pid: mover.pid });
    const deep = join(renamed, 'old', 'b.txt');
    const second = spawnNode("require('fs').writeFileSync(process.argv[1], 'y')", [deep]);
    await exited(second);
    expect((await waitFor((a) => a.kind === 'write' && a.path === deep, 'write under renamed')).pid).toBe(
      second.pid,
    );
  });

  it('loses no file in folders made, filled and moved in faster than the reader can mark them', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const nested = join(tree.root, 'burst', 'a', 'b');
    const burst = spawnNode(
      "const fs = require('fs'); fs.mkdirSync(process.argv[1], { recursive: true }); fs.writeFileSync(process.argv[1] + '/f.txt', 'x');",
      [nested],
    );
    await exited(burst);
    // Written before or after its folder was marked: as the child's write, or found by the scan.
    const file = join(nested, 'f.txt');
    await waitFor(
      (a) => a.path === file && (a.kind === 'write' || a.kind === 'create'),
      'file in a burst of folders',
    );

    const outside = `${tree.root}-outside`;
    mkdirSync(join(outside, 'sub'), { recursive: true });
    writeFileSync(join(outside, 'sub', 'c.txt'), 'z');
    const target = join(tree.root, 'moved-in');
    renameSync(outside, target);
    expect(await waitFor((a) => a.path === target, 'moved-in folder')).toMatchObject({
      kind: 'create',
      isDir: true,
    });
    const found = await waitFor(
      (a) => a.path === join(target, 'sub', 'c.txt'),
      'content of the moved-in folder',
    );
    expect(found).toMatchObject({ kind: 'create', pid: null });
    const later = join(target, 'sub', 'd.txt');
    writeFileSync(later, 'w');
    expect((await waitFor((a) => a.kind === 'write' && a.path === later, 'write in moved-in')).pid).toBe(
      process.pid,
    );
  });

  it('stops a process that writes a canary and flags the activity', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!000-budget.xlsx');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const child = spawnNode(WRITE_THEN_KEEP_BUSY, [canary, join(tree.root, 'scans', 'busy.bin')]);
    children.push(child.pid ?? 0);
    const touched = await waitFor((a) => a.path === canary && a.pid === child.pid, 'canary write by child');
    expect(touched).toMatchObject({ kind: 'write', suspendedByGuard: true });
    await eventually(() => processState(child.pid ?? 0) === 'T', 'the writer is stopped');
  });

  it('stops a process that renames a canary away', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'scans', 'zzz-inventory.docx');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const script = `require('fs').renameSync(process.argv[1], process.argv[1] + '.locked'); setTimeout(() => {}, 20000);`;
    const child = spawnNode(script, [canary]);
    children.push(child.pid ?? 0);
    const moved = await waitFor((a) => a.kind === 'rename' && a.oldPath === canary, 'canary rename');
    expect(moved).toMatchObject({ pid: child.pid, suspendedByGuard: true, path: `${canary}.locked` });
    await eventually(() => processState(child.pid ?? 0) === 'T', 'the renamer is stopped');
  });

  it('does not stop a trusted executable or this process', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!000-budget.xlsx');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    watcher.setTrustedExecutables([realpathSync(process.execPath)]);
    const child = spawnNode("require('fs').appendFileSync(process.argv[1], 'backup touch')", [canary]);
    expect(await exited(child)).toBe(0);
    const byChild = await waitFor((a) => a.path === canary && a.pid === child.pid, 'trusted canary write');
    expect(byChild.suspendedByGuard).toBeUndefined();

    watcher.setTrustedExecutables([]);
    writeFileSync(canary, 'rewritten by the sentinel itself');
    const own = await waitFor(
      (a) => a.path === canary && a.pid === process.pid && a.kind === 'write',
      'own write',
    );
    expect(own.suspendedByGuard).toBeUndefined();
    expect(processState(process.pid)).not.toBe('T');
  });

  it('delivers nothing after close', async () => {
    const { seen } = collect(watcher);
    await watcher.start();
    await watcher.close();
    const witness = createShareWatcher([tree.root], { prefer: 'fanotify' });
    const { waitFor } = collect(witness);
    await witness.start();
    const file = join(tree.root, 'after-close.txt');
    writeFileSync(file, 'x');
    renameSync(file, `${file}.2`);
    await waitFor((a) => a.kind === 'rename' && a.path === `${file}.2`, 'witness sees the rename');
    await witness.close();
    expect(seen.filter((a) => a.path.startsWith(file))).toEqual([]);
  });

  it('refuses to watch half a tree when the mark limit is too low', async () => {
    const limited = createShareWatcher([tree.root], { prefer: 'fanotify', limit: 100 });
    const coverage = await limited.start();
    expect(coverage.complete).toBe(false);
    expect(coverage.problem).toMatch(/sysctl fs\.fanotify\.max_user_marks=\d+/);
    await limited.close();
  });
});
