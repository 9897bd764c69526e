/** The benign suite on the watched share: every workload in its own process; any detection is a false one. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// eslint-disable-next-line no-restricted-imports
import type { CanaryRecord } from '../../src/modules/sentinel/canary/index.js';
// eslint-disable-next-line no-restricted-imports
import { createSentinel } from '../../src/modules/sentinel/engine/index.js';
// eslint-disable-next-line no-restricted-imports
import { BENIGN_NAMES, benignContext, runBenignProcess } from '../../src/modules/sentinel/simulate/index.js';
// eslint-disable-next-line no-restricted-imports
import type { Detection } from '../../src/modules/sentinel/types.js';
import { say } from './output.js';

export async function benignSuite(options: {
  share: string;
  outside: string;
  tree: string;
  prefer: 'auto' | 'fanotify' | 'inotify';
  canaries: CanaryRecord[] | undefined;
}): Promise<Record<string, unknown>[]> {
  // Each workload starts from nothing: a clone or a vault repository left by an earlier run would fail it.
  rmSync(options.outside, { recursive: true, force: true });
  rmSync(join(options.share, 'benign'), { recursive: true, force: true });
  const detections: Detection[] = [];
  const sentinel = createSentinel(
    { path: options.share, actions: ['suspend'], prefer: options.prefer },
    {
      onDetection: (detection) => {
        detections.push(detection);
        // A benign tool must finish: let it go again (it was only suspended) and judge it afresh.
        const stopped = [detection.writer.pid, ...detection.actions.map((action) => action.pid)];
        for (const pid of new Set(stopped)) {
          try {
            if (pid) process.kill(pid, 'SIGCONT');
          } catch {
            // gone already
          }
        }
        sentinel.forget(detection.id);
      },
    },
    options.canaries ? { canaries: options.canaries } : {},
  );
  await sentinel.start();
  const avoid = sentinel.canaries().map((record) => record.path);
  const records: Record<string, unknown>[] = [];
  try {
    for (const name of BENIGN_NAMES) {
      const before = detections.length;
      const startedAt = Date.now();
      const error = await runBenignProcess(
        name,
        benignContext(options.share, options.tree, options.outside, name, avoid),
      ).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      await sleep(500); // late events of the workload are still judged
      const found = detections.slice(before);
      say(`benign ${name}: ${found.length} detection(s)${error ? `, failed: ${error}` : ''}`);
      records.push({
        part: 'benign',
        workload: name,
        seconds: (Date.now() - startedAt) / 1000,
        falseDetections: found.length,
        signals: [...new Set(found.flatMap((d) => d.signals.map((s) => s.kind)))],
        writers: found.map((d) => d.writer.executable ?? '?'),
        error,
      });
    }
  } finally {
    await sentinel.close();
  }
  return records;
}
