import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createShareWatcher } from './index.js';
import type { SentinelShareWatcher } from './problems.js';
import { collect, exited, makeTree, spawnNode } from './watch.testkit.js';

describe('inotify fallback watcher', () => {
  let tree: ReturnType<typeof makeTree>;
  let watcher: SentinelShareWatcher;

  beforeEach(() => {
    tree = makeTree();
    watcher = createShareWatcher([tree.root], { prefer: 'inotify' });
  });

  afterEach(async () => {
    await watcher.close();
    tree.remove();
  });

  it('reports a child writing into the tree, with no pid', async () => {
    const { waitFor } = collect(watcher);
    expect(await watcher.start()).toMatchObject({ mode: 'inotify', complete: true, directories: 4 });
    const file = join(tree.root, 'docs', 'old', 'report.txt');
    await exited(spawnNode("require('fs').writeFileSync(process.argv[1], 'hello')", [file]));
    expect(await waitFor((a) => a.kind === 'create' && a.path === file, 'create')).toMatchObject({
      pid: null,
      isDir: false,
    });
    expect((await waitFor((a) => a.kind === 'write' && a.path === file, 'write')).pid).toBeNull();
  });

  it('follows new directories, pairs renames and reports deletes', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const made = join(tree.root, 'made-later');
    mkdirSync(made);
    await waitFor((a) => a.kind === 'create' && a.path === made && a.isDir, 'create of made-later');
    const inside = join(made, 'a.txt');
    writeFileSync(inside, 'x');
    await waitFor((a) => a.kind === 'write' && a.path === inside, 'write in made-later');

    const renamed = join(tree.root, 'documents');
    renameSync(join(tree.root, 'docs'), renamed);
    const rename = await waitFor((a) => a.kind === 'rename' && a.path === renamed, 'rename of docs');
    expect(rename).toMatchObject({ oldPath: join(tree.root, 'docs'), isDir: true, pid: null });
    const deep = join(renamed, 'old', 'b.txt');
    writeFileSync(deep, 'y');
    await waitFor((a) => a.kind === 'write' && a.path === deep, 'write under the renamed directory');

    const file = join(tree.root, 'scans', 'page.pdf');
    writeFileSync(file, '%PDF-1.7');
    renameSync(file, `${file}.locked`);
    const locked = await waitFor((a) => a.kind === 'rename' && a.path === `${file}.locked`, 'file rename');
    expect(locked.oldPath).toBe(file);
    rmSync(`${file}.locked`);
    await waitFor((a) => a.kind === 'delete' && a.path === `${file}.locked`, 'delete');
  });

  it('reports what a directory moved in from outside already holds', async () => {
    const { waitFor } = collect(watcher);
    await watcher.start();
    const outside = `${tree.root}-outside`;
    mkdirSync(join(outside, 'sub'), { recursive: true });
    writeFileSync(join(outside, 'sub', 'c.txt'), 'z');
    const target = join(tree.root, 'moved-in');
    renameSync(outside, target);
    await waitFor(
      (a) => a.kind === 'create' && a.path === join(target, 'sub', 'c.txt'),
      'content of moved-in',
    );
    writeFileSync(join(target, 'sub', 'd.txt'), 'w');
    await waitFor((a) => a.kind === 'write' && a.path === join(target, 'sub', 'd.txt'), 'write in moved-in');
  });

  it('does nothing after close', async () => {
    const { seen } = collect(watcher);
    await watcher.start();
    await watcher.close();
    const witness = createShareWatcher([tree.root], { prefer: 'inotify' });
    const { waitFor } = collect(witness);
    await witness.start();
    const file = join(tree.root, 'after-close.txt');
    writeFileSync(file, 'x');
    await waitFor((a) => a.kind === 'write' && a.path === file, 'witness sees the write');
    await witness.close();
    expect(seen).toEqual([]);
  });

  it('refuses to watch half a tree when the watch limit is too low', async () => {
    const limited = createShareWatcher([tree.root], { prefer: 'inotify', limit: 3 });
    const { seen } = collect(limited);
    const coverage = await limited.start();
    expect(coverage).toMatchObject({ complete: false, directories: 4 });
    expect(coverage.problem).toContain('fs.inotify.max_user_watches');
    expect(coverage.problem).toContain('it is 3');
    writeFileSync(join(tree.root, 'unwatched.txt'), 'x');
    await limited.close();
    expect(seen).toEqual([]);
  });

  it('rejects a root that is not an existing directory', async () => {
    const missing = createShareWatcher([join(tree.root, 'nope')], { prefer: 'inotify' });
    await expect(missing.start()).rejects.toMatchObject({ code: 'SENTINEL_WATCH_ROOT_INVALID' });
    expect(() => createShareWatcher(['relative/share'], { prefer: 'inotify' })).toThrow(/absolute/);
  });
});
