/**
 * The sentinel's shared shapes: what a watcher reports, what the analysis makes of it, and what
 * the engine does about a writer. Every sub-room speaks these.
 */

/** One change on a watched share, as a watcher saw it. Paths are absolute. */
export interface FileActivity {
  /** `write`: content changed (a write or a close after writing); the rest are directory entries. */
  kind: 'write' | 'create' | 'delete' | 'rename';
  path: string;
  /** The old path of a rename; `path` is then the new one. */
  oldPath?: string;
  isDir: boolean;
  /** The process that made the change (thread-group id); null when the watcher cannot tell. */
  pid: number | null;
  /** Milliseconds since the epoch, when the watcher saw it. */
  at: number;
  /**
   * True when the kernel guard (fanotify) already suspended `pid` because this touched a canary,
   * before the event reached JavaScript.
   */
  suspendedByGuard?: boolean;
}

/** How much of a tree a watcher covers; the sentinel never claims a share it only half watches. */
export interface WatchCoverage {
  mode: 'fanotify' | 'inotify';
  roots: string[];
  directories: number;
  complete: boolean;
  /** Why coverage is incomplete and how to fix it (the sysctl to raise, to what). */
  problem?: string;
}

export interface ShareWatcher {
  readonly mode: 'fanotify' | 'inotify';
  /** Marks every directory under the roots; resolves once all are watched (or says what is not). */
  start(): Promise<WatchCoverage>;
  /** Receives activity in the order seen; the listener must not throw. */
  onActivity(listener: (activity: FileActivity) => void): void;
  /** Canary files: in fanotify mode, touching one suspends the writer in the kernel guard at once. */
  setCanaries(paths: readonly string[]): void;
  /** Executables whose writes are never suspended by the guard (absolute paths). */
  setTrustedExecutables(paths: readonly string[]): void;
  /** Whether the kernel guard suspends a canary's writer (on unless the share neither suspends nor kills). */
  setGuard(enabled: boolean): void;
  close(): Promise<void>;
}

/** What a file looked like, from its first and last bytes; never its content. */
export interface Fingerprint {
  size: number;
  /** Type from magic bytes (`pdf`, `zip`, `png`, `jpeg`, `text`, …) or `unknown`. */
  type: string;
  /** Shannon entropy in bits per byte of the first and last 4 KiB. */
  headEntropy: number;
  tailEntropy: number;
}

export type SignalKind =
  | 'canary-touched'
  | 'type-changed'
  | 'entropy-rise'
  | 'rename-unknown-extension'
  | 'ransom-note'
  | 'mass-delete';

export interface Signal {
  kind: SignalKind;
  path: string;
  /** Contribution to the writer's score. */
  weight: number;
  at: number;
  /** Short, no file content: e.g. `pdf → unknown, entropy 4.1 → 8.0`. */
  detail: string;
}

/** The process behind a change, as far as it could be found. */
export interface Writer {
  pid: number | null;
  /**
   * When the process started (clock ticks since boot, /proc/<pid>/stat field 22): a later signal to
   * `pid` goes only to this same process, never to one that reused the number.
   */
  startTicks?: number;
  executable: string | null;
  commandLine: string | null;
  user: string | null;
  /** For a Samba share: the client session that owns the smbd process. */
  smbClient?: { machine: string; address: string | null; user: string | null };
}

export type StopActionKind = 'suspend' | 'kill' | 'read-only' | 'script' | 'webhook';

export interface ActionOutcome {
  action: StopActionKind;
  /** The process acted on, when it is not the detection's writer (another process of its group). */
  pid?: number;
  ok: boolean;
  detail: string;
  at: number;
}

/** A writer the sentinel judged to be encrypting, with what it saw and what it did. */
export interface Detection {
  id: string;
  share: string;
  writer: Writer;
  score: number;
  signals: Signal[];
  /** Files seen changing by this writer (capped), for the audit record and the restore. */
  files: string[];
  firstSignalAt: number;
  detectedAt: number;
  actions: ActionOutcome[];
}
