import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENIGN_NAMES, benignContext, runBenignProcess } from '../simulate/index.js';
import { generateCorpus } from '../simulate/corpus.js';
import { prepareTarget } from '../simulate/marker.js';
import type { Detection } from '../types.js';
import { fanotifyAvailable } from '../watch/index.js';
import { createSentinel } from './sentinel.js';

const fanotify = fanotifyAvailable();

/** A probe may be gone before it is resumed (it wrote one byte and exited). */
function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // already gone
  }
}
const NEEDS = ['zip', 'tar', 'gpg', 'npm', 'git', 'gzip'];
const missing = NEEDS.filter((command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
const skip = !fanotify.ok ? fanotify.reason : missing.length > 0 ? `missing ${missing.join(', ')}` : null;

/**
 * The simulator's whole benign suite, each workload in its own process (the same executable for all
 * of them, so their group adds up too), under the real engine: not one detection.
 */
describe.skipIf(skip !== null)(`the benign suite under the real engine${skip ? ` (${skip})` : ''}`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sentinel-benign-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('raises no detection', { timeout: 120_000 }, async () => {
    const share = join(scratch, 'share');
    prepareTarget(share);
    generateCorpus(share, { files: 150, seed: 5 });
    const detections: Detection[] = [];
    let seen: () => void = () => undefined;
    const sentinel = createSentinel(
      { path: share, prefer: 'fanotify', actions: ['suspend'] },
      {
        onDetection: (detection) => {
          detections.push(detection);
          // Let every stopped process go on, so a wrong detection fails the test instead of hanging it.
          const stopped = [detection.writer.pid, ...detection.actions.map((action) => action.pid)];
          for (const pid of new Set(stopped)) if (pid) resume(pid);
          seen();
        },
      },
    );
    try {
      await sentinel.start();
      await sentinel.ready;
      const avoid = sentinel.canaries().map((record) => record.path);
      for (const name of BENIGN_NAMES) {
        await runBenignProcess(
          name,
          benignContext(share, 'Radiology', join(scratch, 'outside'), name, avoid),
        );
      }
      // Events arrive in order: once a canary probe is detected, every workload before it was judged.
      const probe = new Promise<void>((resolve) => (seen = resolve));
      // Not execFileSync: the guard stops the probe, which would then never return.
      const child = spawn('sh', ['-c', `printf x >> '${avoid[0] ?? ''}'`], { stdio: 'ignore' });
      await probe;
      child.kill('SIGKILL');
      const summary = detections.map(
        (d) => `${d.writer.commandLine ?? '?'}: ${d.signals.map((s) => `${s.kind} ${s.detail}`).join('; ')}`,
      );
      expect(summary.slice(0, -1)).toEqual([]);
      expect(detections.at(-1)?.signals.map((signal) => signal.kind)).toEqual(['canary-touched']);
    } finally {
      await sentinel.close();
    }
  });
});
