import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ADDON_RELATIVE_PATH, fanotifyAvailable, loadAddon, probeFanotify, repositoryRoot } from './addon.js';
import type { FanotifyAddon } from './addon.js';
import { FanotifyWatcher } from './fanotify.js';
import { collect, makeTree, processState } from './watch.testkit.js';

const available = fanotifyAvailable();
if (!available.ok) console.warn(`native addon tests skipped: ${available.reason}`);
const addonFile = join(repositoryRoot(), ADDON_RELATIVE_PATH);

function addon(): FanotifyAddon {
  const loaded = loadAddon();
  if (!('addon' in loaded)) throw new Error(loaded.reason);
  return loaded.addon;
}

/** Runs a script in a fresh Node with `addon` loaded; the exit code and signal tell a crash apart. */
function runWithAddon(script: string, args: string[] = []) {
  const prelude = `const addon = require(${JSON.stringify(addonFile)});\n`;
  return spawnSync(process.execPath, ['-e', prelude + script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** A tree of `count` folders, enough for a walk to be still running when the script acts. */
function manyFolders(root: string, count: number): void {
  for (let i = 0; i < count; i++)
    mkdirSync(join(root, 'many', String(i % 40), String(i)), { recursive: true });
}

describe.skipIf(!available.ok)('the native addon surface (real kernel)', () => {
  let tree: ReturnType<typeof makeTree>;

  beforeEach(() => {
    tree = makeTree();
  });

  afterEach(() => tree.remove());

  it('takes any number of arguments without overrunning its buffer, and refuses foreign handles', () => {
    const run = runWithAddon(`
      const h = addon.open(() => {});
      const stats = addon.stats(h, ...Array.from({ length: 64 }, (_, i) => i));
      addon.setGuard(h, false, ...Array(40).fill('x'));
      for (const foreign of [{}, [], 1, 'h', null, undefined]) {
        try { addon.stats(foreign); process.exit(3); } catch (e) { if (!/handle|argument/.test(e.message)) process.exit(4); }
      }
      addon.close(h);
      try { addon.stats(h); process.exit(5); } catch {}
      process.stdout.write(JSON.stringify(stats));
    `);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ directories: 0, lostBatches: 0, unlimited: true });
  });

  it('closes while a directory walk runs, and the walk still settles', async () => {
    manyFolders(tree.root, 600);
    const native = addon();
    const handle = native.open(() => undefined);
    const walk = native.addRoots(handle, [tree.root]);
    expect(() => native.close(handle)).not.toThrow();
    const result = await walk;
    expect(result.failures).toBe(0);
    expect(() => native.stats(handle)).toThrow(/closed/);
  });

  it('exits cleanly while walks run, in the main thread and in a worker', () => {
    manyFolders(tree.root, 600);
    const run = runWithAddon(
      `
      const { Worker } = require('worker_threads');
      const root = process.argv[1];
      const worker = new Worker(\`const addon = require(\${JSON.stringify(${JSON.stringify(addonFile)})});
        const h = addon.open(() => {}); addon.addRoots(h, [\${JSON.stringify(root)}]);
        require('worker_threads').parentPort.postMessage('walking');\`, { eval: true });
      worker.once('message', async () => {
        await worker.terminate();
        const h = addon.open(() => {});
        addon.addRoots(h, [root]);
        setImmediate(() => process.exit(0));
      });
    `,
      [tree.root],
    );
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
  });

  it('probes a real mark and says why it cannot', () => {
    expect(addon().probe(tree.root)).toMatchObject({ renameEvents: true, unlimited: true });
    expect(() => addon().probe(join(tree.root, 'missing'))).toThrow(/open: No such file/);
    expect(probeFanotify(addon(), false)).toEqual({ ok: false, reason: expect.stringMatching(/root/) });
    const refusing = {
      probe: () => {
        throw new Error('fanotify_mark: Invalid argument');
      },
    } as unknown as FanotifyAddon;
    expect(probeFanotify(refusing, true)).toEqual({
      ok: false,
      reason: 'fanotify cannot be used: fanotify_mark: Invalid argument',
    });
  });

  it('drops ordinary events, never a guarded one, and says so when JavaScript falls behind', async () => {
    const watcher = new FanotifyWatcher([tree.root], addon(), undefined, { queueLimit: 1 });
    const { waitFor, problems } = collect(watcher);
    await watcher.start();
    const canary = join(tree.root, 'docs', '!!canary.docx');
    writeFileSync(canary, 'decoy');
    watcher.setCanaries([canary]);
    const script =
      "const fs = require('fs'); for (let i = 0; i < 3000; i++) fs.writeFileSync(process.argv[1] + '/f' + i, 'x');" +
      "fs.appendFileSync(process.argv[2], 'locked'); setTimeout(() => {}, 20000);";
    const child = (await import('node:child_process')).spawn(
      process.execPath,
      ['-e', script, join(tree.root, 'scans'), canary],
      { stdio: 'ignore' },
    );
    try {
      // Keep this thread busy (JavaScript taking nothing) until the guard has stopped the writer.
      const deadline = Date.now() + 30_000;
      while (processState(child.pid ?? 0) !== 'T' && Date.now() < deadline) readFileSync('/proc/self/stat');
      expect(processState(child.pid ?? 0)).toBe('T');
      const guarded = await waitFor((a) => a.path === canary && a.pid === child.pid, 'the guarded write');
      expect(guarded.suspendedByGuard).toBe(true);
      expect(problems.some((p) => p.kind === 'overflow' && /dropped/.test(p.detail))).toBe(true);
      expect(watcher.stats()?.lostBatches).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await watcher.close();
    }
  });
});
