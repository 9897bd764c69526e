import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FanotifyAddon, NativeHandle } from './addon.js';
import { FallbackWatcher } from './fallback.js';
import { FanotifyWatcher } from './fanotify.js';
import { InotifyWatcher } from './inotify.js';
import { collect, makeTree } from './watch.testkit.js';

/** An addon whose group opens but whose every mark is refused, as on a filesystem without file handles. */
function refusingAddon(firstError: string): FanotifyAddon & { closed: number } {
  const fake = {
    closed: 0,
    open: () => ({}) as NativeHandle,
    addRoots: () => Promise.resolve({ directories: 0, failures: 4, firstError }),
    setCanaries: () => undefined,
    setTrusted: () => undefined,
    setGuard: () => undefined,
    stats: () => ({
      directories: 0,
      overflows: 0,
      markFailures: 4,
      lostBatches: 0,
      renameEvents: true,
      unlimited: true,
    }),
    close: () => void fake.closed++,
    probe: () => ({ renameEvents: true, unlimited: true }),
    isKernelThread: () => false,
  };
  return fake;
}

describe('auto mode falls back to inotify when the kernel refuses the marks', () => {
  let tree: ReturnType<typeof makeTree>;
  let watcher: FallbackWatcher;

  beforeEach(() => {
    tree = makeTree();
  });

  afterEach(async () => {
    await watcher.close();
    tree.remove();
  });

  it('watches the share with inotify and passes the activity on', async () => {
    const fake = refusingAddon(`cannot mark ${tree.root}: Invalid argument`);
    watcher = new FallbackWatcher(
      new FanotifyWatcher([tree.root], fake),
      () => new InotifyWatcher([tree.root]),
    );
    const { waitFor } = collect(watcher);
    watcher.setCanaries([join(tree.root, 'docs', '!!canary.docx')]);
    const coverage = await watcher.start();
    expect(coverage).toMatchObject({ mode: 'inotify', complete: true, directories: 4 });
    expect(watcher.mode).toBe('inotify');
    expect(fake.closed).toBe(1);
    const file = join(tree.root, 'scans', 'new.txt');
    writeFileSync(file, 'x');
    await waitFor((a) => a.path === file, 'a change seen by inotify');
  });

  it('keeps an incomplete fanotify coverage that is not a refusal (a folder it cannot open)', async () => {
    const fake = refusingAddon(`cannot open ${tree.root}/docs: Permission denied`);
    watcher = new FallbackWatcher(
      new FanotifyWatcher([tree.root], fake),
      () => new InotifyWatcher([tree.root]),
    );
    const coverage = await watcher.start();
    expect(coverage).toMatchObject({ mode: 'fanotify', complete: false });
    expect(coverage.problem).toMatch(/Permission denied/);
  });
});
