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
}

export interface ShareView {
  path: string;
  configured: boolean;
  actions: string[];
  watching: boolean;
  status: ShareStatus | null;
  canaries: number;
}

export interface SentinelStatus {
  mode: 'auto' | 'fanotify' | 'inotify';
  shares: ShareView[];
  openDetections: number;
}

export interface Writer {
  pid: number | null;
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

export type DetectionStatus = 'stopped' | 'released' | 'killed' | 'resolved';

export interface DetectionSummary {
  id: string;
  share: string;
  writer: Writer;
  score: number;
  signalCount: number;
  filesTotal: number;
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
