import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';
import { randomId } from '../../../kernel/crypto/random.js';
import { ActivityAnalyzer, type Verdict } from '../analysis/index.js';
import { CanaryManager, type CanaryRecord } from '../canary/index.js';
import { cutOffSambaClient, type StopAction, type StopContext } from '../respond/index.js';
import type { ActionOutcome, Detection, FileActivity, WatchCoverage } from '../types.js';
import { createShareWatcher, describeWriter, processStartTicks } from '../watch/index.js';
import { stopActionsFor } from './actions.js';
import './errors.js';
import { identify } from './identify.js';
import type { Sentinel, SentinelEvents, SentinelState, ShareOptions } from './options.js';
import { WriterFacts } from './writer-cache.js';

const MAX_FILES = 1_000;
/** The engine keeps the last detections; the store keeps them all. */
const MAX_DETECTIONS = 1_000;
/** Without pids (inotify) all activity is one writer: after a detection, only this long is it that one. */
const UNKNOWN_HOLD_MS = 30_000;
/** Events for the sentinel's own canary writes may still be queued this long after it made them. */
const OWN_WORK_DRAIN_MS = 1_000;

/** Internal settings, for tests. */
export interface EngineTuning {
  unknownHoldMs?: number;
  maxDetections?: number;
}

type ProblemKind = Parameters<NonNullable<SentinelEvents['onProblem']>>[1];

/** One share watched: canaries placed, every directory marked, each change judged, writers stopped. */
export function createSentinel(
  share: ShareOptions,
  events: SentinelEvents = {},
  state: SentinelState = {},
  tuning: EngineTuning = {},
): Sentinel {
  const root = resolve(share.path);
  const actions: StopAction[] = stopActionsFor(share);
  const halts = actions.some((action) => action.kind === 'suspend' || action.kind === 'kill');
  const holdUnknownMs = tuning.unknownHoldMs ?? UNKNOWN_HOLD_MS;
  const maxDetections = tuning.maxDetections ?? MAX_DETECTIONS;
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
  const facts = new WriterFacts();
  const byWriter = new Map<string, Detection>();
  const byGroup = new Map<string, Detection>();
  /** The response under way for each detection: later reports wait for it. */
  const responses = new WeakMap<Detection, Promise<void>>();
  const all: Detection[] = [];
  /** Canary paths this process is writing: in inotify mode its own writes carry no pid. */
  const ownPaths = new Set<string>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((done) => (markReady = done));

  const problem = (message: string, kind: ProblemKind): void => {
    try {
      events.onProblem?.(message, kind);
    } catch {
      // A listener that throws must not stop the watching.
    }
  };

  const publishCanaries = async (): Promise<void> => {
    const records = canaries.records();
    watcher.setCanaries(records.map((record) => record.path));
    await events.onCanaries?.(records);
  };

  /** Place or renew canaries without taking the sentinel's own writes for an attack. */
  const asOwnWork = async (work: () => Promise<CanaryRecord[]>): Promise<CanaryRecord[]> => {
    const paths = canaries.records().map((record) => record.path);
    for (const path of paths) ownPaths.add(path);
    try {
      return await work();
    } finally {
      for (const record of canaries.records()) {
        paths.push(record.path);
        ownPaths.add(record.path);
      }
      setTimeout(() => paths.forEach((path) => ownPaths.delete(path)), OWN_WORK_DRAIN_MS).unref();
      await publishCanaries();
    }
  };

  const ownChange = (activity: FileActivity): boolean =>
    activity.pid === process.pid ||
    ownPaths.has(activity.path) ||
    (activity.oldPath !== undefined && ownPaths.has(activity.oldPath));

  /** `mv B B2`: the canaries and the fingerprints under B now live under B2. */
  const folderMoved = (oldPath: string, path: string): void => {
    analyzer.moved(oldPath, path);
    if (!canaries.moved(oldPath, path)) return;
    publishCanaries().catch((error: unknown) =>
      problem(`publishing the canaries moved with ${path} failed: ${String(error)}`, 'action'),
    );
  };

  /** An inotify detection holds the shared `unknown` key only briefly; then activity is judged afresh. */
  const expireUnknown = (now: number): void => {
    const unknown = byWriter.get('unknown');
    if (!unknown || now - unknown.detectedAt <= holdUnknownMs) return;
    byWriter.delete('unknown');
    analyzer.forget('unknown');
  };

  const onActivity = (activity: FileActivity): void => {
    if (activity.isDir && activity.kind === 'rename' && activity.oldPath !== undefined) {
      folderMoved(activity.oldPath, activity.path);
    }
    if (ownChange(activity)) return;
    const { pid } = activity;
    const key = pid === null ? 'unknown' : `pid:${pid}`;
    if (pid === null) expireUnknown(activity.at);
    const known = byWriter.get(key);
    if (known) {
      remember(known.files, activity.path);
      return;
    }
    const about = pid === null ? null : facts.of(pid, activity.at);
    const group = pid === null || about === null ? undefined : facts.groupOf(pid, about);
    const grouped = group === undefined ? undefined : byGroup.get(group);
    const writer = { key, executable: about?.executable ?? null, ...(group === undefined ? {} : { group }) };
    const verdict = analyzer.analyze(activity, writer);
    if (grouped && pid !== null) {
      // Another process of a detected group is stopped at its first suspicious change, not at any
      // change: the same tool run by the same account for honest work (a restore) carries on.
      if (analyzer.verdict(key).signals.length > 0) joinDetection(grouped, key, pid, activity);
      return;
    }
    if (!verdict.detected) return;
    if (pid !== null && halts && !activity.suspendedByGuard) haltNow(pid);
    const detection = openDetection(key, activity, verdict);
    if (group !== undefined) byGroup.set(group, detection);
    track(detection, respond(detection));
  };

  const track = (detection: Detection, work: Promise<void>): void => {
    const done = work.catch((error: unknown) =>
      problem(`responding to detection ${detection.id} failed: ${String(error)}`, 'action'),
    );
    responses.set(detection, done);
  };

  const openDetection = (key: string, activity: FileActivity, verdict: Verdict): Detection => {
    const startTicks = activity.pid === null ? null : processStartTicks(activity.pid);
    const detection: Detection = {
      id: randomId(),
      share: root,
      writer: {
        pid: activity.pid,
        executable: null,
        commandLine: null,
        user: null,
        ...(startTicks === null ? {} : { startTicks }),
      },
      score: verdict.score,
      signals: verdict.signals,
      files: verdict.files.slice(-MAX_FILES),
      firstSignalAt: verdict.firstSignalAt ?? activity.at,
      detectedAt: Date.now(),
      actions: [],
    };
    byWriter.set(key, detection);
    all.push(detection);
    if (all.length > maxDetections) all.splice(0, all.length - maxDetections);
    return detection;
  };

  const contextOf = (detection: Detection, writer = detection.writer): StopContext => ({
    share: root,
    writer,
    signals: detection.signals,
    files: detection.files,
    detectionId: detection.id,
  });

  const respond = async (detection: Detection): Promise<void> => {
    detection.writer = await identify(detection);
    for (const action of actions) detection.actions.push(await run(action, contextOf(detection)));
    // A killed Samba session comes back on a new connection: drop every session of that client too.
    const client = detection.writer.smbClient?.address;
    if (client && actions.some((action) => action.kind === 'kill')) {
      detection.actions.push(await cutOffSambaClient(client));
    }
    await events.onDetection?.(detection);
  };

  const run = (action: StopAction, context: StopContext): Promise<ActionOutcome> =>
    action.run(context).catch((error: unknown) => {
      const detail = `failed: ${error instanceof Error ? error.message : String(error)}`;
      problem(`${action.kind} for detection ${context.detectionId} ${detail}`, 'action');
      return { action: action.kind, ok: false, detail, at: Date.now() };
    });

  /**
   * A new process of a group already judged encrypting (one process per file): stopped at its first
   * change, and recorded on the group's detection rather than raising one of its own.
   */
  const joinDetection = (detection: Detection, key: string, pid: number, activity: FileActivity): void => {
    byWriter.set(key, detection);
    remember(detection.files, activity.path);
    if (!halts) return;
    if (!activity.suspendedByGuard) haltNow(pid);
    const previous = responses.get(detection) ?? Promise.resolve();
    track(
      detection,
      previous.then(async () => {
        const member = contextOf(detection, describeWriter(pid));
        for (const action of actions.filter((each) => each.kind === 'suspend' || each.kind === 'kill')) {
          const outcome = await run(action, member);
          detection.actions.push({
            ...outcome,
            pid,
            detail: `${outcome.detail} (same group as the detected writer)`,
          });
        }
        await events.onDetection?.(detection);
      }),
    );
  };

  const forgetKeys = (keys: Map<string, Detection>, detectionId: string): void => {
    for (const [key, detection] of keys) {
      if (detection.id !== detectionId) continue;
      keys.delete(key);
      analyzer.forget(key);
      if (key.startsWith('pid:')) facts.drop(Number(key.slice(4)));
    }
  };

  const start = async (): Promise<WatchCoverage> => {
    assertDirectory(root);
    await canaries.place();
    watcher.setTrustedExecutables(share.allow?.executables ?? []);
    watcher.setGuard(halts);
    await publishCanaries();
    watcher.onActivity(onActivity);
    // A lost event queue or an unmarked new folder is a gap in what the sentinel sees: say so.
    watcher.onProblem((gap) => problem(`${gap.kind}: ${gap.detail}`, gap.kind));
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
    // Canaries guard the share from now on; fingerprints of the files already there follow.
    void analyzer
      .baseline([root])
      .then(
        () => undefined,
        (error: unknown) =>
          problem(`fingerprinting the files of ${root} failed: ${String(error)}`, 'unwatched'),
      )
      .finally(markReady);
    return coverage;
  };

  return {
    share: root,
    ready,
    async start(): Promise<WatchCoverage> {
      try {
        return await start();
      } catch (error) {
        markReady();
        throw error;
      }
    },
    placeCanaries: () => asOwnWork(() => canaries.place()),
    detections: () => [...all],
    canaries: () => canaries.records(),
    forget(detectionId) {
      forgetKeys(byWriter, detectionId);
      forgetKeys(byGroup, detectionId);
    },
    renewCanaries: () => asOwnWork(() => canaries.renew()),
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
