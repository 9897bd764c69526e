/** The sentinel API's answers, as the console reads them. */
export interface ShareStatus {
  path: string;
  mode: 'fanotify' | 'inotify';
  complete: boolean;
  problem: string | null;
  directories: number;
  startedAt: string;
  canariesVerifiedAt: string | null;
  canariesRenewedAt: string | null;
  /** When the files present at start were fingerprinted; null while that goes on. */
  baselineAt: string | null;
  eventsLostAt: string | null;
}

export interface ShareLease {
  share: string;
  holder: string;
  node: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

export interface ShareView {
  path: string;
  configured: boolean;
  actions: string[];
  watching: boolean;
  status: ShareStatus | null;
  /** The live lease of the process that watches the share, wherever it runs. */
  watchedBy: ShareLease | null;
  canaries: number;
}

export interface SentinelStatus {
  mode: 'auto' | 'fanotify' | 'inotify';
  shares: ShareView[];
  openDetections: number;
}

export interface Writer {
  pid: number | null;
  startTicks?: number;
  executable: string | null;
  commandLine: string | null;
  user: string | null;
  smbClient?: { machine: string; address: string | null; user: string | null };
}

export interface Signal {
  kind: string;
  path: string;
  weight: number;
  at: number;
  detail: string;
}

export interface ActionOutcome {
  action: string;
  ok: boolean;
  detail: string;
  at: number;
}

export type DetectionStatus = 'stopped' | 'unstopped' | 'released' | 'killed' | 'resolved';

/** A writer still to be decided about: held stopped, or not stopped because every halting action failed. */
export const isOpen = (status: DetectionStatus) => status === 'stopped' || status === 'unstopped';

export interface DetectionSummary {
  id: string;
  share: string;
  writer: Writer;
  score: number;
  signalCount: number;
  filesTotal: number;
  /** The engine keeps the last 1000 files: then the writer changed at least `filesTotal`. */
  filesAtLeast: boolean;
  firstSignalAt: string;
  detectedAt: string;
  actions: ActionOutcome[];
  status: DetectionStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface Detection extends Omit<DetectionSummary, 'signalCount'> {
  signals: Signal[];
  files: string[];
}
