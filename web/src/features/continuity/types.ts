/** What the continuity API answers, as the console reads it. Overview and devices carry no patient data. */

export interface DowntimeState {
  active: boolean;
  since: string | null;
  by: string | null;
  reason: string | null;
  incidentId: string | null;
}

export interface Rejection {
  position: string;
  resourceType: string | null;
  id: string | null;
  reason: string;
}

export type SyncOutcome = 'running' | 'ok' | 'partial' | 'failed';

export interface SyncStatus {
  sourceId: string;
  kind: string;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: SyncOutcome | null;
  message: string | null;
  resources: number;
  rejected: number;
  rejections: Rejection[];
}

export interface SourceSummary {
  id: string;
  mode: 'bulk' | 'search';
  baseUrl: string;
  status: SyncStatus | null;
}

export interface KitSummary {
  kitId: string;
  scopeKey: string;
  kind: 'full' | 'delta';
  baseKitId: string | null;
  builtAt: string;
  dataAsOf: string;
  patients: number;
  bytes: number;
  sha256: string;
}

export interface Device {
  deviceId: string;
  name: string;
  scopeKey: string;
  createdAt: string;
  createdBy: string;
  lastSeenAt: string | null;
  lastKitId: string | null;
  lastDataAsOf: string | null;
  staleSince: string | null;
  revokedAt: string | null;
  /** Minutes since the data of the newest kit the device holds; null before its first sync. */
  ageMinutes: number | null;
  stale: boolean;
}

export interface Overview {
  hospital: string;
  downtime: DowntimeState;
  sources: SourceSummary[];
  imports: SyncStatus[];
  scopes: { scope: string; latest: KitSummary | null }[];
  units: { unit: string; patients: number }[];
  patients: number;
  devices: Device[];
  signer: { keyId: string; publicKey: string };
}

/** A pull or an import: the server sends the rejections themselves, older builds their count. */
export interface FeedOutcome {
  resources: number;
  rejected: Rejection[] | number;
  patients: number;
}

export type BuildOutcome = { built: KitSummary } | { skipped: 'downtime' | 'no-change' | 'no-recipient' };

export interface ReconcileImport {
  id: string;
  exportId: string;
  keyId: string;
  /** The kit scope whose documentation key signed the file, when the server knows it. */
  scope: string | null;
  exportedAt?: string | null;
  importedAt: string;
  importedBy: string;
  items: number;
  duplicates: number;
  openings: number;
  /** Entries of the file the server could not read; counted here, never shown (they hold patient data). */
  rejected?: Rejection[];
}

export const ITEM_KINDS = ['vital-signs', 'medication-administration', 'note', 'admission'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_STATUSES = ['pending', 'approved', 'rejected', 'posted', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const MATCH_STATES = ['matched', 'new', 'unmatched', 'ambiguous'] as const;
export type MatchState = (typeof MATCH_STATES)[number];

export interface PatientCandidate {
  patientId: string;
  display: string;
  mrn: string | null;
  birthDate: string | null;
}

export interface ReconcileItem {
  id: string;
  importId: string;
  kind: ItemKind;
  downtimeId: string;
  recordedAt: string | null;
  recordedBy: string | null;
  summary: string;
  patient: {
    /** Null when the record names a patient the EHR does not know. */
    display: string | null;
    mrn: string | null;
    birthDate: string | null;
    patientId: string | null;
    match: MatchState;
    /** For an ambiguous admission: the EHR patients it may be. */
    candidates?: PatientCandidate[];
  };
  conflicts: { field: string; downtime: string; ehr: string }[];
  status: ItemStatus;
  error: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason?: string | null;
  postedAt: string | null;
}

export interface PostResult {
  posted: number;
  failed: number;
  items: ReconcileItem[];
}

/** Values the server may add later are shown as sent rather than breaking a lookup. */
export function isKnown<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
