import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { processState, spawnSimulation } from '../simulate/index.js';
import { DEMO_SHARE_DIRECTORY } from './demo.js';
import type { SentinelPlatform } from './mount.js';

/** The demo share under the real engine in fanotify mode, as `lifeline start` runs it as root. */
async function unavailable(): Promise<string | false> {
  if (process.platform !== 'linux') return 'the sentinel watches Linux file systems only';
  try {
    const { fanotifyAvailable } = await import('../watch/index.js');
    const fanotify = fanotifyAvailable();
    if (!fanotify.ok) return fanotify.reason;
    await import('../engine/index.js');
    await import('../respond/index.js');
    return false;
  } catch (error) {
    return `the sentinel engine cannot be loaded here (${error instanceof Error ? error.message.split('\n')[0] : 'unknown'})`;
  }
}

const reason = await unavailable();
if (reason) console.warn(`skipping the demo share test with the real sentinel: ${reason}`);

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The corpus's files by path and sha256: canaries, notes and the simulator's own files left out. */
function corpus(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^[A-Z][\w-]*_\d{8}_\d{5}\.\w+$/i.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return files;
}

/**
 * `lifeline sentinel simulate --restore` as its own process, the way an exercise runs it: the
 * canaries of the watched share are left to the sentinel.
 */
function restoreProcess(target: string, skip: readonly string[]): ChildProcess {
  const restore = fileURLToPath(new URL('../simulate/restore.ts', import.meta.url));
  const script = `const { restoreTarget } = await import(${JSON.stringify(restore)}); await restoreTarget(${JSON.stringify(target)}, { endSimulator: true, skip: new Set(${JSON.stringify(skip)}) });`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: 'ignore',
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe.skipIf(reason !== false)("the demo hospital's share under the real sentinel", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-sentinel-demo-real-'));
  const share = join(dir, DEMO_SHARE_DIRECTORY);
  let test: TestApp;
  let sentinel: SentinelPlatform;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    test = await createTestApp({
      config: { database: { url: `sqlite:${join(dir, 'lifeline.db')}` }, sentinel: { mode: 'fanotify' } },
      modules: [sentinelModule({ expose: (platform) => (sentinel = platform) })],
    });
    await test.platform.startModules();
    await test.platform.seedModuleDemos();
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.pid === undefined || processState(child.pid) === null) continue;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const detectionOf = (pid: number) =>
    until(async () => {
      const found = (await sentinel.stores.detections.list()).find((d) => d.writer.pid === pid);
      return found ?? undefined;
    }, `the detection of pid ${pid}`);

  it('stops a simulation on it; once it is killed, a restore puts the files back and the sentinel its canary', async () => {
    expect(await sentinel.stores.shares.list()).toMatchObject([
      { path: share, mode: 'fanotify', complete: true },
    ]);
    const before = corpus(share);
    expect(before.size).toBe(300);

    const simulator = spawnSimulation({ target: share, variant: 'fast' });
    children.push(simulator);
    const stopped = await detectionOf(simulator.pid!);
    expect(stopped).toMatchObject({ share, status: 'stopped' });
    expect(processState(simulator.pid!)).toBe('T');
    // The trainer ends the simulator; the engine forgets its group, so the restore may write.
    await sentinel.service.kill(stopped.id, { actor: 'trainer', sourceIp: null });

    const canaries = (await sentinel.stores.shares.canaries(share)).map((canary) => canary.path);
    const restore = restoreProcess(share, canaries);
    children.push(restore);
    expect(await exited(restore)).toBe(0);
    expect(corpus(share)).toEqual(before);
    expect((await sentinel.stores.detections.list()).map((d) => d.writer.pid)).not.toContain(restore.pid);

    // The simulator changed a canary; the check replaces it, and the next finds all in order.
    expect(await sentinel.service.verifyCanaries()).toEqual([{ share, problems: 1 }]);
    expect(await sentinel.service.verifyCanaries()).toEqual([{ share, problems: 0 }]);
  }, 60_000);
});
