import { randomBytes, createHash } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Variant } from './journal.js';
import { processState } from './process-start.js';
import { restoreTarget } from './restore.js';
import { changedFiles, corpusTarget, removeTargets } from './simulate.testkit.js';
import { spawnSimulation } from './spawn.js';
import { simulationTimeline } from './timeline.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !check(); i++) await sleep(1);
  if (!check()) throw new Error('condition not reached');
}

afterAll(removeTargets);

describe('a simulator stopped or killed mid-run', () => {
  it('is refused while stopped, ended on request, and every file comes back', async () => {
    const { root, corpus } = corpusTarget(12);
    const child = spawnSimulation({ target: root, variant: 'slow', intervalMs: 100 });
    const exited = once(child, 'exit');
    await until(() => simulationTimeline(root).begun >= 2);
    child.kill('SIGSTOP');
    const pid = child.pid as number;
    await until(() => processState(pid) === 'T');
    await expect(restoreTarget(root)).rejects.toMatchObject({ code: 'SENTINEL_SIMULATION_RUNNING' });
    expect(changedFiles(root, corpus).length).toBeGreaterThanOrEqual(1);
    await restoreTarget(root, { endSimulator: true });
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(changedFiles(root, corpus)).toEqual([]);
  });

  it.each<Variant>(['fast', 'rename-first', 'base64', 'threads'])(
    '%s: SIGKILL while large files are being written leaves nothing a restore cannot undo',
    async (variant) => {
      const { root } = corpusTarget(0);
      const corpus = Array.from({ length: 6 }, (_, i) => {
        const data = Buffer.from(
          randomBytes(3 * 1024 * 1024)
            .toString('base64')
            .slice(0, 4 * 1024 * 1024 + i),
        );
        writeFileSync(join(root, `scan-${i}.txt`), data);
        return {
          path: `scan-${i}.txt`,
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
        };
      });
      const child = spawnSimulation({ target: root, variant, threads: 2 });
      const exited = once(child, 'exit');
      await until(() => simulationTimeline(root).begun >= 1 || child.exitCode !== null);
      child.kill('SIGKILL');
      await exited;
      await restoreTarget(root);
      expect(changedFiles(root, corpus)).toEqual([]);
    },
  );
});
