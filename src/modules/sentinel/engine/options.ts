import type { CanaryManager, CanaryRecord } from '../canary/index.js';
import type { Detection, StopActionKind, WatchCoverage } from '../types.js';

/** One share to watch and what to do about a writer judged to be encrypting it. */
export interface ShareOptions {
  path: string;
  /** Run in this order; default: suspend the writer. */
  actions?: StopActionKind[];
  script?: string;
  webhook?: { url: string; secret?: string };
  allow?: { paths?: string[]; executables?: string[] };
  threshold?: number;
  prefer?: 'auto' | 'fanotify' | 'inotify';
}

export interface SentinelEvents {
  onDetection?(detection: Detection): void | Promise<void>;
  onCoverage?(coverage: WatchCoverage): void;
  onCanaries?(records: CanaryRecord[]): void | Promise<void>;
  /**
   * Something went wrong after start; never patient data. `overflow`: the kernel dropped events (the
   * canaries must be checked now); `unwatched`: a new folder could not be watched (coverage is no longer
   * complete); `action`: responding to a detection failed.
   */
  onProblem?(message: string, kind: 'overflow' | 'unwatched' | 'action'): void;
}

export interface SentinelState {
  canaries?: CanaryRecord[];
}

export interface Sentinel {
  readonly share: string;
  /**
   * Places canaries and watches every directory; throws if coverage is partial. Resolves once watching;
   * fingerprinting the files goes on in the background until `ready` resolves.
   */
  start(): Promise<WatchCoverage>;
  /** Resolves when the files present at start have been fingerprinted. */
  readonly ready: Promise<void>;
  /** Places canaries where they are missing (a new top-level folder, a deleted decoy) and publishes them. */
  placeCanaries(): Promise<CanaryRecord[]>;
  detections(): Detection[];
  /** The canaries placed on the share, by content hash. */
  canaries(): CanaryRecord[];
  /** Lets a writer that was released be judged afresh should it start again. */
  forget(detectionId: string): void;
  /** New canary contents; the sentinel's own rewrite is not taken for an attack. */
  renewCanaries(): Promise<CanaryRecord[]>;
  /** Missing or changed canaries, for the scheduled check. */
  verifyCanaries(): ReturnType<CanaryManager['verify']>;
  /** Stops watching; canaries stay in place. */
  close(): Promise<void>;
}
