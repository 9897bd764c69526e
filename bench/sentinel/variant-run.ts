/** One simulated attack on the watched share: start the sentinel, run the simulator, wait for the stop. */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
// The benchmark drives the engine and the simulator below the CLI.
// eslint-disable-next-line no-restricted-imports
import type { CanaryRecord } from '../../src/modules/sentinel/canary/index.js';
// eslint-disable-next-line no-restricted-imports
import { createSentinel } from '../../src/modules/sentinel/engine/index.js';
// eslint-disable-next-line no-restricted-imports
import {
  processState,
  restoreTarget,
  simulationTimeline,
  spawnSimulation,
  type CorpusFile,
  type Variant,
  type WalkOrder,
} from '../../src/modules/sentinel/simulate/index.js';
// eslint-disable-next-line no-restricted-imports
import type { Detection } from '../../src/modules/sentinel/types.js';
import { lostFiles } from './share.js';

export interface AttackOptions {
  share: string;
  corpus: readonly CorpusFile[];
  variant: Variant;
  order: WalkOrder;
  prefer: 'auto' | 'fanotify' | 'inotify';
  intervalMs: number;
  limitMs: number;
  dropNotes: boolean;
  canaries: CanaryRecord[] | undefined;
}

/** When the writer was stopped: the first suspend or kill that worked, else the detection itself. */
function stopTime(detection: Detection | undefined): number | null {
  if (!detection) return null;
  const halts = detection.actions.filter((a) => a.ok && (a.action === 'suspend' || a.action === 'kill'));
  return halts.length > 0 ? Math.min(...halts.map((a) => a.at)) : detection.detectedAt;
}

export async function attack(
  options: AttackOptions,
): Promise<{ record: Record<string, unknown>; canaries: CanaryRecord[] }> {
  const detections: Detection[] = [];
  const sentinel = createSentinel(
    { path: options.share, actions: ['suspend'], prefer: options.prefer },
    { onDetection: (detection) => void detections.push(detection) },
    options.canaries ? { canaries: options.canaries } : {},
  );
  const coverage = await sentinel.start();
  const child = spawnSimulation({
    target: options.share,
    variant: options.variant,
    order: options.order,
    intervalMs: options.intervalMs,
    dropNotes: options.dropNotes,
  });
  const exited = once(child, 'exit');
  const pid = child.pid as number;
  const startedAt = Date.now();
  let outcome: 'stopped' | 'finished' | 'timed-out' = 'timed-out';
  let stoppedSeenAt: number | null = null;
  while (Date.now() - startedAt < options.limitMs) {
    const state = processState(pid);
    if (state === 'T' || state === 't') {
      outcome = 'stopped';
      stoppedSeenAt = Date.now();
      break;
    }
    if (child.exitCode !== null || child.signalCode !== null || state === null || state === 'Z') {
      outcome = 'finished';
      break;
    }
    await sleep(2);
  }
  // Hashing the corpus blocks this process's event loop, where the sentinel also runs: let it
  // record its detection first (the writer is stopped, so nothing changes meanwhile).
  const waitUntil = Date.now() + 2_000;
  while (outcome === 'stopped' && detections.length === 0 && Date.now() < waitUntil) await sleep(5);
  const lost = lostFiles(options.share, options.corpus);
  const timeline = simulationTimeline(options.share);
  await sleep(300); // late events still judged, for the detection record only
  const detection = detections.find((d) => d.writer.pid === pid) ?? detections[0];
  const canaries = sentinel.canaries();
  await sentinel.close();
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
  const restored = await restoreTarget(options.share);
  const stillLost = lostFiles(options.share, options.corpus);
  if (stillLost.length > 0) throw new Error(`restore left ${stillLost.length} corpus files changed`);
  const detectionAt = stopTime(detection);
  const first = timeline.firstWriteAt;
  // The kernel guard stops a canary's writer before JavaScript hears of it, so the stop is whichever
  // came first: the engine's recorded action or this loop seeing the process stopped (2 ms polls).
  const stops = [detectionAt, stoppedSeenAt].filter((t): t is number => t !== null);
  return {
    canaries,
    record: {
      part: 'variant',
      variant: options.variant,
      order: options.order,
      notes: options.dropNotes,
      mode: coverage.mode,
      files: options.corpus.length,
      outcome,
      lost: lost.length,
      begun: timeline.begun,
      finished: timeline.finished,
      restored: restored.restored,
      detected: detection !== undefined,
      writerIsSimulator: detection?.writer.pid === pid,
      detections: detections.length,
      score: detection?.score ?? null,
      signals: detection ? [...new Set(detection.signals.map((s) => s.kind))] : [],
      firstWriteAt: timeline.firstWriteAt,
      stopMs: stops.length > 0 && first !== null ? Math.min(...stops) - first : null,
      detectionMs: detectionAt !== null && first !== null ? detectionAt - first : null,
      seenStoppedMs: stoppedSeenAt !== null && first !== null ? stoppedSeenAt - first : null,
      actions: detection?.actions.map((a) => `${a.action}:${a.ok ? 'ok' : 'failed'}`) ?? [],
    },
  };
}
