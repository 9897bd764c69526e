import type { CensusEvent } from '../../types.js';
import {
  RECENT_CONTROL_IDS,
  UNDO_DEPTH,
  type CensusPatient,
  type CensusState,
  type CensusUndoEntry,
} from './state.js';

/**
 * Applies one ADT event to the census and returns the new census; the old one is not changed. The
 * same state object comes back when the event changes nothing:
 *
 * - a resend (a control id already applied for that patient) is ignored;
 * - an event recorded before the newest one already applied for that patient is ignored, because
 *   HL7 feeds are resent and replayed out of order and the sender's clock is the only order there is.
 *   Events are ordered by when they were recorded (EVN-2), not when they happened (EVN-6): a transfer
 *   entered late and backdated still follows the update recorded before it. Events with the same
 *   time apply in arrival order, since timestamps often stop at the minute.
 */
export function applyCensusEvent(state: CensusState, event: CensusEvent): CensusState {
  const mrn = event.patient.mrn;
  const known = state.patients.get(mrn);
  if (known?.recentControlIds.includes(event.messageControlId)) return state;
  if (
    known &&
    Date.parse(event.recordedAt ?? event.at) < Date.parse(known.lastRecordedAt ?? known.lastEventAt)
  ) {
    return state;
  }
  const patients = new Map(state.patients);
  patients.set(mrn, next(known, event));
  return { patients };
}

function next(known: CensusPatient | undefined, event: CensusEvent): CensusPatient {
  const base = withDemographics(known, event);
  switch (event.kind) {
    case 'admit':
    case 'register':
      return {
        ...remember(base, known, event),
        present: true,
        location: event.location,
        admittedAt: event.at,
      };
    case 'transfer':
      return {
        ...remember(base, known, event),
        present: true,
        location: event.location ?? base.location,
      };
    case 'discharge':
      return { ...remember(base, known, event), present: false, location: null };
    case 'update':
      // An update moves a present patient when it names a place; it never admits or discharges.
      return known
        ? { ...base, location: base.present ? (event.location ?? base.location) : base.location }
        : { ...base, present: event.location !== null, location: event.location };
    case 'cancel-admit':
      return { ...base, present: false, location: null, admittedAt: null, undo: [] };
    case 'cancel-transfer': {
      const { entry, rest } = takeLatest(base.undo, 'A02');
      const location = event.location ?? entry?.location ?? base.location;
      return { ...base, present: base.present || location !== null, location, undo: rest };
    }
    case 'cancel-discharge': {
      const { entry, rest } = takeLatest(base.undo, 'A03');
      const location = event.location ?? entry?.location ?? null;
      return {
        ...base,
        present: true,
        location,
        admittedAt: entry?.admittedAt ?? base.admittedAt,
        patientClass: event.patientClass ?? entry?.patientClass ?? base.patientClass,
        undo: rest,
      };
    }
  }
}

/** The patient with what every ADT message says about them; empty values never erase known ones. */
function withDemographics(known: CensusPatient | undefined, event: CensusEvent): CensusPatient {
  const p = event.patient;
  return {
    mrn: p.mrn,
    family: p.family || (known?.family ?? ''),
    given: p.given || (known?.given ?? ''),
    birthDate: p.birthDate ?? known?.birthDate ?? null,
    gender: p.gender ?? known?.gender ?? null,
    patientClass: event.patientClass ?? known?.patientClass ?? null,
    visitNumber: event.visitNumber ?? known?.visitNumber ?? null,
    present: known?.present ?? false,
    location: known?.location ?? null,
    admittedAt: known?.admittedAt ?? null,
    lastEventAt: event.at,
    lastRecordedAt: event.recordedAt ?? event.at,
    recentControlIds: [...(known?.recentControlIds ?? []), event.messageControlId].slice(-RECENT_CONTROL_IDS),
    undo: known?.undo ?? [],
  };
}

/** Pushes the state before an undoable event, so that its cancellation can restore it. */
function remember(base: CensusPatient, known: CensusPatient | undefined, event: CensusEvent): CensusPatient {
  const trigger = event.trigger;
  if (trigger !== 'A01' && trigger !== 'A02' && trigger !== 'A03' && trigger !== 'A04') return base;
  const entry: CensusUndoEntry = {
    trigger,
    present: known?.present ?? false,
    location: known?.location ?? null,
    patientClass: known?.patientClass ?? null,
    admittedAt: known?.admittedAt ?? null,
  };
  return { ...base, undo: [...base.undo, entry].slice(-UNDO_DEPTH) };
}

function takeLatest(
  undo: readonly CensusUndoEntry[],
  trigger: CensusUndoEntry['trigger'],
): { entry: CensusUndoEntry | undefined; rest: readonly CensusUndoEntry[] } {
  const index = undo.findLastIndex((entry) => entry.trigger === trigger);
  if (index < 0) return { entry: undefined, rest: undo };
  return { entry: undo[index], rest: [...undo.slice(0, index), ...undo.slice(index + 1)] };
}
