import { sep } from 'node:path';
import { fingerprintFile } from '../fingerprint/index.js';
import type { FileActivity, Fingerprint, Signal } from '../types.js';
import { Baseline } from './baseline.js';
import { isTemporaryName } from './extensions.js';
import { deletionSignals, isDeletionBlock, opaqueCopySignals } from './deletion-signals.js';
import { analysisError } from './errors.js';
import { shareWithGroup } from './groups.js';
import { noteSignals } from './note-signals.js';
import { renameSignals } from './rename-signals.js';
import { rewriteSignals } from './rewrite-signals.js';
import { isOpaqueCopy } from './copy-pairs.js';
import { DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS, MAX_WRITERS } from './weights.js';
import { WriterState, type Verdict } from './writer-state.js';

export interface AnalyzerOptions {
  /** Score at which a writer is judged encrypting; default 10. */
  threshold?: number;
  /** Signals older than this stop counting; default 10 min. */
  windowMs?: number;
  /** Absolute path prefixes, and exact executable paths, whose activity is not judged. */
  allow?: { paths?: string[]; executables?: string[] };
  isCanary: (path: string) => boolean;
  now?: () => number;
}

export interface WriterRef {
  key: string;
  executable: string | null;
  /**
   * Writers judged together as well as alone (e.g. `exe:/usr/bin/openssl:uid:1000`, or a Samba
   * client): a process per file adds up in its group.
   */
  group?: string;
}

/** Writers idle for a window are dropped every this many analyses. */
const PRUNE_EVERY = 256;

/**
 * Judges each change on a share and keeps a score per writer. Synchronous and bounded: a write
 * costs one read of the file's first and last 4 KiB (plus 8 KiB of a small new text file).
 */
export class ActivityAnalyzer {
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly allowedPaths: string[];
  private readonly allowedExecutables: Set<string>;
  private readonly isCanary: (path: string) => boolean;
  private readonly now: () => number;
  private readonly files = new Baseline();
  private readonly writers = new Map<string, WriterState>();
  private readonly groups = new Map<string, WriterState>();
  private analyses = 0;

  constructor(options: AnalyzerOptions) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    if (!(this.threshold > 0) || !(this.windowMs > 0)) {
      throw analysisError('SENTINEL_ANALYZER_OPTIONS_INVALID', 'threshold and windowMs must be positive', {
        threshold: this.threshold,
        windowMs: this.windowMs,
      });
    }
    this.allowedPaths = (options.allow?.paths ?? []).map((path) =>
      path.endsWith(sep) ? path : `${path}${sep}`,
    );
    this.allowedExecutables = new Set(options.allow?.executables ?? []);
    this.isCanary = options.isCanary;
    this.now = options.now ?? Date.now;
  }

  /** Fingerprints every regular file under the roots (canaries and symlinks skipped). */
  baseline(roots: string[]): Promise<{ files: number }> {
    return this.files.scan(roots, this.isCanary);
  }

  /** The fingerprint the analysis holds for a path (for diagnostics and tests). */
  known(path: string): Fingerprint | undefined {
    return this.files.get(path);
  }

  /** The current verdict on a writer (or a group), without a new change; empty when not tracked. */
  verdict(key: string): Verdict {
    const now = this.now();
    const state = this.writers.get(key) ?? this.groups.get(key) ?? new WriterState(key, now);
    return state.verdict(now - this.windowMs, this.threshold);
  }

  /** How many writers are tracked (memory is bounded by MAX_WRITERS). */
  get trackedWriters(): number {
    return this.writers.size;
  }

  /** Drops a writer's or a group's score, so it is judged afresh. */
  forget(key: string): void {
    this.writers.delete(key);
    this.groups.delete(key);
  }

  analyze(activity: FileActivity, writer: WriterRef): Verdict {
    const now = this.now();
    const since = now - this.windowMs;
    const state = this.stateOf(this.writers, writer.key, now);
    state.touch(activity.path);
    if (activity.oldPath !== undefined) state.touch(activity.oldPath);
    const trusted = writer.executable !== null && this.allowedExecutables.has(writer.executable);
    const judged = !trusted && !this.isAllowedActivity(activity);
    const content = activity.isDir ? [] : this.contentSignals(activity, state, since);
    const signals = [...(trusted ? [] : this.canarySignals(activity)), ...(judged ? content : [])];
    // A file counts once per kind; blocks of deletions are events, each counted.
    const added = signals.filter(
      (signal) => isDeletionBlock(signal) || !state.hasCounted(signal.kind, signal.path),
    );
    for (const signal of added) state.add(signal);
    const own = state.verdict(since, this.threshold);
    if (writer.group === undefined) return own;
    const group = this.stateOf(this.groups, writer.group, now);
    group.touch(activity.path);
    shareWithGroup(group, added, since);
    const shared = group.verdict(since, this.threshold);
    return own.detected || !shared.detected ? own : { ...shared, group: writer.group };
  }

  /**
   * A folder renamed (`mv B B2`): what was known under the old path is known under the new one, so
   * a rewrite under B2 is still compared with the file as it was.
   */
  moved(oldPrefix: string, newPrefix: string): void {
    this.files.move(oldPrefix, newPrefix);
  }

  private isAllowedActivity(activity: FileActivity): boolean {
    const allowed = (path: string): boolean => this.allowedPaths.some((prefix) => path.startsWith(prefix));
    return allowed(activity.path) && (activity.oldPath === undefined || allowed(activity.oldPath));
  }

  /** A canary is judged even inside an allowed path: only a trusted executable may touch it. */
  private canarySignals(activity: FileActivity): Signal[] {
    const touched = [activity.path, activity.oldPath].find(
      (path) => path !== undefined && this.isCanary(path),
    );
    if (touched === undefined) return [];
    return [
      {
        kind: 'canary-touched',
        path: touched,
        weight: this.threshold,
        at: activity.at,
        detail: `${activity.kind} of a canary${activity.suspendedByGuard ? ', suspended by the kernel guard' : ''}`,
      },
    ];
  }

  /** Compares the change with the baseline, then brings the baseline up to date. */
  private contentSignals(activity: FileActivity, state: WriterState, since: number): Signal[] {
    const { path, at } = activity;
    switch (activity.kind) {
      case 'create':
      case 'write':
        return this.written(path, state, at, since);
      case 'rename':
        return activity.oldPath === undefined
          ? this.written(path, state, at, since)
          : this.renamed(activity.oldPath, path, state, at, since);
      case 'delete': {
        const original = this.files.delete(path);
        // An editor deleting the copy it saved through is not mass deletion.
        if (!original || state.created.has(path) || this.isCanary(path) || isTemporaryName(path)) return [];
        return deletionSignals(state, path, original, at, since);
      }
    }
  }

  private written(path: string, state: WriterState, at: number, since: number): Signal[] {
    if (this.isCanary(path)) return [];
    const after = fingerprintFile(path);
    if (!after) return [];
    const before = this.files.get(path);
    const isNew = before === undefined || state.created.has(path);
    if (before === undefined) state.created.set(path, at);
    const signals = noteSignals(state, path, after, isNew, at, since);
    if (!isNew) signals.push(...rewriteSignals(path, before, after, at));
    else if (isOpaqueCopy(path, after))
      signals.push(...opaqueCopySignals(state, path, after.size, at, since));
    // A file caught empty between truncation and rewrite keeps what it was before.
    if (after.type !== 'empty' || before === undefined) this.files.set(path, after);
    return signals;
  }

  private renamed(oldPath: string, path: string, state: WriterState, at: number, since: number): Signal[] {
    const moved = this.files.delete(oldPath) ?? fingerprintFile(path);
    const replaced = this.files.get(path);
    if (state.created.has(oldPath)) state.created.set(path, at);
    const signals = renameSignals(state, oldPath, path, at);
    if (!moved) return signals;
    this.files.set(path, moved);
    if (state.created.has(path) && isOpaqueCopy(path, moved)) {
      signals.push(...opaqueCopySignals(state, path, moved.size, at, since));
    }
    // Writing a new file and renaming it over the original is a rewrite of the original.
    if (replaced && !this.isCanary(path)) signals.push(...rewriteSignals(path, replaced, moved, at));
    return signals;
  }

  private stateOf(states: Map<string, WriterState>, key: string, now: number): WriterState {
    let state = states.get(key);
    if (state) states.delete(key);
    else state = new WriterState(key, now);
    state.lastSeen = now;
    // Re-inserted on every use, so the map runs from least to most recently active.
    states.set(key, state);
    if (++this.analyses % PRUNE_EVERY === 0 || states.size > MAX_WRITERS) {
      this.prune(this.writers, now);
      this.prune(this.groups, now);
    }
    return state;
  }

  private prune(states: Map<string, WriterState>, now: number): void {
    for (const [key, state] of states) {
      const idle = state.lastSeen < now - this.windowMs;
      if (!idle && states.size <= MAX_WRITERS) break;
      states.delete(key);
    }
  }
}
