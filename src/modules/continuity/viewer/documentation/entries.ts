import type { KitCode, KitLocation } from '../../types.js';

/**
 * What a nurse or doctor documents in the viewer during downtime. Every resource-to-be carries its
 * uuid from the moment it is recorded, so exporting twice yields the same identifiers and the
 * reconciliation never posts the same fact twice.
 */

/** A kit patient by source id, or a patient admitted during downtime by the uuid of their new record. */
export type DocumentedSubject =
  { kind: 'kit'; patientId: string } | { kind: 'downtime'; patientUuid: string };

export type VitalReading =
  | { vital: 'heart-rate'; uuid: string; value: number }
  | { vital: 'blood-pressure'; uuid: string; systolic: number; diastolic: number }
  | { vital: 'temperature'; uuid: string; value: number }
  | { vital: 'respiratory-rate'; uuid: string; value: number }
  | { vital: 'spo2'; uuid: string; value: number };

interface EntryBase {
  /** The uuid of the entry's first resource; also what undo refers to. */
  id: string;
  /** When it was typed in, as opposed to when it happened. */
  recordedAt: string;
  by: string;
  /** The export that carried it out of this browser; null while it can still be undone. */
  exportedIn: string | null;
}

export interface VitalsEntry extends EntryBase {
  kind: 'vitals';
  subject: DocumentedSubject;
  at: string;
  readings: VitalReading[];
}

export interface MedicationEntry extends EntryBase {
  kind: 'medication';
  subject: DocumentedSubject;
  at: string;
  given: boolean;
  orderId: string | null;
  medication: KitCode;
  dosage: string | null;
  /** The planned MAR time this answers, so the MAR shows the dose as documented. */
  plannedAt: string | null;
  reason: string | null;
}

export interface NoteEntry extends EntryBase {
  kind: 'note';
  subject: DocumentedSubject;
  at: string;
  text: string;
}

export interface AdmissionEntry extends EntryBase {
  kind: 'admission';
  /** Equal to id: the uuid of the new Patient. */
  patientUuid: string;
  encounterUuid: string;
  downtimeId: string;
  family: string;
  given: string;
  birthDate: string | null;
  gender: string | null;
  location: KitLocation;
  at: string;
}

export type DocumentationEntry = VitalsEntry | MedicationEntry | NoteEntry | AdmissionEntry;

/** Someone opened a patient's record in this viewer. */
export interface RecordOpening {
  uuid: string;
  at: string;
  by: string;
  kitId: string;
  subject: DocumentedSubject;
}

export interface DocumentationState {
  version: 1;
  entries: DocumentationEntry[];
  openings: RecordOpening[];
  /** Downtime ids handed out, on screen or on a printed admission form; never given out twice. */
  usedDowntimeIds: string[];
  exports: { id: string; at: string; entries: number }[];
}

export function emptyDocumentationState(): DocumentationState {
  return { version: 1, entries: [], openings: [], usedDowntimeIds: [], exports: [] };
}

export function subjectKey(subject: DocumentedSubject): string {
  return subject.kind === 'kit' ? `Patient/${subject.patientId}` : `urn:uuid:${subject.patientUuid}`;
}
