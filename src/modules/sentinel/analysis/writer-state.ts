import type { Fingerprint, Signal } from '../types.js';
import { RecentMap, RecentTimes } from './bounded.js';
import type { CopyCandidate } from './copy-pairs.js';
import { MAX_FILES_PER_WRITER, MAX_RECENT_PER_WRITER, MAX_SIGNALS_PER_WRITER } from './weights.js';

export interface Verdict {
  signals: Signal[];
  score: number;
  detected: boolean;
  files: string[];
  firstSignalAt: number | null;
  /** Set when the writer's group decided: the score, signals and files are then the group's. */
  group?: string;
}

/** What one writer has done lately, enough to judge bursts and pairs; every part is bounded. */
export class WriterState {
  lastSeen: number;
  firstSignalAt: number | null = null;
  detected = false;
  private signals: Signal[] = [];
  private readonly files = new RecentMap<string, true>(MAX_FILES_PER_WRITER);
  /** Files this writer brought into being: rewriting or deleting them is its own business. */
  readonly created = new RecentMap<string, number>(MAX_RECENT_PER_WRITER);
  /** Originals it deleted, with what they looked like, to pair with opaque copies written later. */
  readonly deleted = new RecentMap<string, { fingerprint: Fingerprint; at: number }>(MAX_RECENT_PER_WRITER);
  /** New opaque files it wrote, to pair with originals deleted later. */
  readonly opaqueNew = new RecentMap<string, CopyCandidate>(MAX_RECENT_PER_WRITER);
  readonly renamesToUnknown = new RecentMap<string, number>(MAX_RECENT_PER_WRITER);
  readonly deletions = new RecentTimes(MAX_RECENT_PER_WRITER);
  readonly noteWeights = new RecentMap<string, number>(MAX_RECENT_PER_WRITER);
  /** `kind\0path` of signals already counted, so a file counts once per kind. */
  private readonly counted = new RecentMap<string, true>(MAX_SIGNALS_PER_WRITER);

  constructor(
    readonly key: string,
    now: number,
  ) {
    this.lastSeen = now;
  }

  touch(path: string): void {
    this.files.set(path, true);
  }

  hasCounted(kind: Signal['kind'], path: string): boolean {
    return this.counted.has(`${kind}\0${path}`);
  }

  add(signal: Signal): void {
    this.counted.set(`${signal.kind}\0${signal.path}`, true);
    this.signals.push(signal);
    if (this.signals.length > MAX_SIGNALS_PER_WRITER)
      this.signals.splice(0, this.signals.length - MAX_SIGNALS_PER_WRITER);
    this.firstSignalAt = this.firstSignalAt === null ? signal.at : Math.min(this.firstSignalAt, signal.at);
  }

  /** Weight of one kind of signal still within the window (for the caps). */
  weightOf(kind: Signal['kind'], since: number, only?: (signal: Signal) => boolean): number {
    return this.signals
      .filter((signal) => signal.kind === kind && signal.at >= since && (only?.(signal) ?? true))
      .reduce((sum, signal) => sum + signal.weight, 0);
  }

  verdict(since: number, threshold: number): Verdict {
    this.signals = this.signals.filter((signal) => signal.at >= since);
    const score = this.signals.reduce((sum, signal) => sum + signal.weight, 0);
    // Once judged encrypting, a writer stays judged until the caller forgets it.
    if (score >= threshold) this.detected = true;
    const files = this.files;
    return {
      signals: [...this.signals],
      score,
      detected: this.detected,
      // Built only when read: most verdicts are glanced at and dropped.
      get files(): string[] {
        return [...files.keys()];
      },
      firstSignalAt: this.firstSignalAt,
    };
  }
}
