import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';
import { randomId } from '../../../kernel/crypto/random.js';
import { ActivityAnalyzer, type Verdict } from '../analysis/index.js';
import { CanaryManager } from '../canary/index.js';
import { sambaClientOf, type StopAction } from '../respond/index.js';
import type { Detection, FileActivity, WatchCoverage, Writer } from '../types.js';
import { createShareWatcher, describeWriter, findOpeners } from '../watch/index.js';
import { stopActionsFor } from './actions.js';
import './errors.js';
import type { Sentinel, SentinelEvents, SentinelState, ShareOptions } from './options.js';
import { ExecutableCache } from './writer-cache.js';

const MAX_FILES = 1_000;
/** The last files a writer changed are the ones it most likely still holds open (inotify mode). */
const OPENER_PROBES = 8;

/** One share watched: canaries placed, every directory marked, each change judged, writers stopped. */
export function createSentinel(
  share: ShareOptions,
  events: SentinelEvents = {},
  state: SentinelState = {},
): Sentinel {
  const root = resolve(share.path);
  const actions: StopAction[] = stopActionsFor(share);
  const halts = actions.some((action) => action.kind === 'suspend' || action.kind === 'kill');
  const canaries = new CanaryManager({
    roots: [root],
    ...(state.canaries ? { records: state.canaries } : {}),
  });
  const analyzer = new ActivityAnalyzer({
    ...(share.threshold === undefined ? {} : { threshold: share.threshold }),
    ...(share.allow ? { allow: share.allow } : {}),
    isCanary: (path) => canaries.isCanary(path),
  });
  const watcher = createShareWatcher([root], share.prefer ? { prefer: share.prefer } : {});
  const executables = new ExecutableCache();
  const byWriter = new Map<string, Detection>();
  const all: Detection[] = [];
  /** Canary paths this process is rewriting: in inotify mode its own writes carry no pid. */
  const renewing = new Set<string>();

  const publishCanaries = async (): Promise<void> => {
    const records = canaries.records();
    watcher.setCanaries(records.map((record) => record.path));
    await events.onCanaries?.(records);
  };

  const ownChange = (activity: FileActivity): boolean =>
    activity.pid === process.pid ||
    renewing.has(activity.path) ||
    (activity.oldPath !== undefined && renewing.has(activity.oldPath));

  const onActivity = (activity: FileActivity): void => {
    if (ownChange(activity)) return;
    const key = activity.pid === null ? 'unknown' : `pid:${activity.pid}`;
    const known = byWriter.get(key);
    if (known) {
      remember(known.files, activity.path);
      return;
    }
    const executable = activity.pid === null ? null : executables.executableOf(activity.pid, activity.at);
    const verdict = analyzer.analyze(activity, { key, executable });
    if (!verdict.detected) return;
    if (activity.pid !== null && halts && !activity.suspendedByGuard) haltNow(activity.pid);
    const detection = openDetection(key, activity, verdict);
    void respond(detection).catch((error: unknown) =>
      events.onProblem?.(`responding to detection ${detection.id} failed: ${String(error)}`),
    );
  };

  const openDetection = (key: string, activity: FileActivity, verdict: Verdict): Detection => {
    const detection: Detection = {
      id: randomId(),
      share: root,
      writer: { pid: activity.pid, executable: null, commandLine: null, user: null },
      score: verdict.score,
      signals: verdict.signals,
      files: verdict.files.slice(-MAX_FILES),
      firstSignalAt: verdict.firstSignalAt ?? activity.at,
      detectedAt: Date.now(),
      actions: [],
    };
    byWriter.set(key, detection);
    all.push(detection);
    return detection;
  };

  const respond = async (detection: Detection): Promise<void> => {
    detection.writer = await identify(detection);
    for (const action of actions) {
      const context = {
        share: root,
        writer: detection.writer,
        signals: detection.signals,
        files: detection.files,
        detectionId: detection.id,
      };
      detection.actions.push(
        await action.run(context).catch((error: unknown) => ({
          action: action.kind,
          ok: false,
          detail: `failed: ${error instanceof Error ? error.message : String(error)}`,
          at: Date.now(),
        })),
      );
    }
    await events.onDetection?.(detection);
  };

  return {
    share: root,
    async start(): Promise<WatchCoverage> {
      assertDirectory(root);
      await canaries.place();
      watcher.setTrustedExecutables(share.allow?.executables ?? []);
      await publishCanaries();
      watcher.onActivity(onActivity);
      // A lost event queue or an unmarked new folder is a gap in what the sentinel sees: say so.
      watcher.onProblem((problem) => events.onProblem?.(`${problem.kind}: ${problem.detail}`));
      // Watching begins before fingerprinting, so nothing written meanwhile goes unseen.
      const coverage = await watcher.start();
      events.onCoverage?.(coverage);
      if (!coverage.complete) {
        await watcher.close();
        throw new LifelineError(
          'SENTINEL_WATCH_INCOMPLETE',
          coverage.problem ?? `${root} cannot be watched completely`,
          { share: root, mode: coverage.mode },
        );
      }
      await analyzer.baseline([root]);
      return coverage;
    },
    detections: () => [...all],
    canaries: () => canaries.records(),
    forget(detectionId) {
      for (const [key, detection] of byWriter) {
        if (detection.id !== detectionId) continue;
        byWriter.delete(key);
        analyzer.forget(key);
        if (detection.writer.pid !== null) executables.drop(detection.writer.pid);
      }
    },
    async renewCanaries() {
      // Renewal writes new decoys and deletes the old ones; in inotify mode those events carry no pid.
      const paths = canaries.records().map((record) => record.path);
      for (const path of paths) renewing.add(path);
      try {
        await canaries.renew();
      } finally {
        for (const record of canaries.records()) {
          paths.push(record.path);
          renewing.add(record.path);
        }
        // Events for our own writes may still be queued; let them drain before judging those paths again.
        setTimeout(() => paths.forEach((path) => renewing.delete(path)), 1_000).unref();
      }
      await publishCanaries();
      return canaries.records();
    },
    verifyCanaries: () => canaries.verify(),
    close: () => watcher.close(),
  };
}

function assertDirectory(root: string): void {
  try {
    if (statSync(root).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new LifelineError('SENTINEL_SHARE_INVALID', `${root} is not a readable directory`, { share: root });
}

function remember(files: string[], path: string): void {
  if (files.includes(path)) return;
  files.push(path);
  if (files.length > MAX_FILES) files.shift();
}

/** SIGSTOP before anything slower: every millisecond costs the hospital a few more files. */
function haltNow(pid: number): void {
  try {
    process.kill(pid, 'SIGSTOP');
  } catch {
    // Gone or not ours to stop; the suspend action reports which.
  }
}

async function identify(detection: Detection): Promise<Writer> {
  const pid = detection.writer.pid ?? openerOf(detection.files);
  if (pid === null) return detection.writer;
  const writer = describeWriter(pid);
  if (!writer.executable?.endsWith('/smbd')) return writer;
  const smbClient = await sambaClientOf(pid);
  return smbClient ? { ...writer, smbClient } : writer;
}

/** Without pids (inotify), the writer is whoever still holds one of the changed files open. */
function openerOf(files: readonly string[]): number | null {
  for (const path of files.slice(-OPENER_PROBES).reverse()) {
    const pid = findOpeners(path).find((candidate) => candidate !== process.pid);
    if (pid !== undefined) return pid;
  }
  return null;
}
