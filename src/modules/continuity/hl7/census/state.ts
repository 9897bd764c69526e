import type { KitLocation } from '../../types.js';

/** What an undoable event changed, so its cancellation (A11, A12, A13) can put it back. */
export interface CensusUndoEntry {
  readonly trigger: 'A01' | 'A02' | 'A03' | 'A04';
  readonly present: boolean;
  readonly location: KitLocation | null;
  readonly patientClass: string | null;
  readonly admittedAt: string | null;
}

export interface CensusPatient {
  readonly mrn: string;
  readonly family: string;
  readonly given: string;
  readonly birthDate: string | null;
  readonly gender: string | null;
  readonly patientClass: string | null;
  readonly visitNumber: string | null;
  /** True while admitted or registered for a visit that has not ended. */
  readonly present: boolean;
  readonly location: KitLocation | null;
  readonly admittedAt: string | null;
  /** The time of the newest event applied for this patient. */
  readonly lastEventAt: string;
  /** When that event was recorded, which orders events (absent in entries from before). */
  readonly lastRecordedAt?: string;
  /** Control ids of the latest events applied for this patient, to recognise resends. */
  readonly recentControlIds: readonly string[];
  /** Newest last. */
  readonly undo: readonly CensusUndoEntry[];
}

/**
 * The census by MRN. Patients who left stay (not present) so a late cancel-discharge can bring them
 * back and a resend of an old message is still recognised; pruneCensus removes them after a while.
 */
export interface CensusState {
  readonly patients: ReadonlyMap<string, CensusPatient>;
}

export const EMPTY_CENSUS: CensusState = { patients: new Map() };

/** How many control ids and undo steps each patient keeps. */
export const RECENT_CONTROL_IDS = 32;
export const UNDO_DEPTH = 8;
