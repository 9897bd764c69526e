import type { FhirResource } from '../fhir/index.js';
import type { RejectedResource } from '../types.js';

/**
 * Reconciliation vocabulary: what the viewer documented during downtime, as items a clinician reviews
 * and the server posts to the EHR once approved. Items are keyed by the uuid each resource carried from
 * the moment it was recorded (its `urn:lifeline:downtime` identifier), so nothing is taken in twice.
 */

export type ItemKind = 'vital-signs' | 'medication-administration' | 'note' | 'admission';
export type ItemStatus = 'pending' | 'approved' | 'rejected' | 'posted' | 'failed';
export type PatientMatch = 'matched' | 'new' | 'unmatched' | 'ambiguous';

/** One documented fact read from a bundle; an admission is its Patient and (when present) Encounter. */
export interface ParsedItem {
  kind: ItemKind;
  downtimeId: string;
  /** `Patient/<id>`, or `urn:uuid:<uuid>` of a patient admitted during downtime (an admission: itself). */
  subject: string;
  recordedAt: string | null;
  recordedBy: string | null;
  summary: string;
  resources: FhirResource[];
}

/** Someone opened a patient's record in the offline viewer. */
export interface ParsedOpening {
  uuid: string;
  at: string;
  by: string;
  kitId: string;
  /** The kit patient id, or `downtime:<uuid>` for a patient admitted during downtime. */
  patient: string;
}

export interface ParsedExport {
  exportId: string;
  exportedAt: string | null;
  /** The user named in the signature: who exported the file. */
  exportedBy: string | null;
  items: ParsedItem[];
  openings: ParsedOpening[];
  rejected: RejectedResource[];
}

export interface StoredItem {
  id: string;
  importId: string;
  kind: ItemKind;
  downtimeId: string;
  subject: string;
  recordedAt: string | null;
  recordedBy: string | null;
  summary: string;
  resources: FhirResource[];
  status: ItemStatus;
  error: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  /** The reviewer's choice of EHR patient (an unmatched or ambiguous subject, or an admission that is a known patient). */
  chosenPatientId: string | null;
  postedAt: string | null;
  /** What the EHR created or found for the item (`Patient/…` first for an admission). */
  ehrReferences: string[];
}

export interface ReconcileImport {
  id: string;
  exportId: string;
  keyId: string;
  /** The kit scope whose documentation key signed the bundle, when known. */
  scope: string | null;
  exportedAt: string | null;
  importedAt: string;
  importedBy: string;
  items: number;
  duplicates: number;
  openings: number;
  rejected: RejectedResource[];
}

export interface Conflict {
  field: string;
  downtime: string;
  ehr: string;
}

export interface PatientCandidate {
  patientId: string;
  display: string;
  mrn: string | null;
  birthDate: string | null;
}

export interface PatientView {
  display: string | null;
  mrn: string | null;
  birthDate: string | null;
  patientId: string | null;
  match: PatientMatch;
  /** For an ambiguous admission: the EHR's patients it may be. */
  candidates: PatientCandidate[];
}

export interface ItemView {
  id: string;
  importId: string;
  kind: ItemKind;
  downtimeId: string;
  recordedAt: string | null;
  recordedBy: string | null;
  summary: string;
  patient: PatientView;
  conflicts: Conflict[];
  status: ItemStatus;
  error: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  postedAt: string | null;
  /** What the EHR holds for a posted item: `Patient/…` first for an admission. */
  ehrReferences: string[];
}
