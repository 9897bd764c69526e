import type { KitCode, KitLocation } from '../../types.js';
import { fromLocalInput } from '../clinical/format.js';
import type {
  AdmissionEntry,
  DocumentedSubject,
  MedicationEntry,
  NoteEntry,
  VitalReading,
  VitalsEntry,
} from './entries.js';
import { BLOOD_PRESSURE, isPlausible, VITAL_SIGNS, type SingleVital } from './vital-signs.js';

/**
 * Turning what was typed into a form into documentation entries. Anything implausible is refused
 * with the field it concerns, so the form can say what to fix and keep everything else as typed.
 */

export type InputProblem =
  | {
      field: string;
      problem: 'time' | 'bloodPressure' | 'nothing' | 'text' | 'family' | 'unit' | 'birthDate' | 'medication';
    }
  | { field: string; problem: 'range'; min: number; max: number };

export type Checked<T> = { ok: true; entry: T } | { ok: false; problems: InputProblem[] };

export interface EntryContext {
  by: string;
  now: Date;
  newUuid: () => string;
}

/** Documenting something that has not happened yet is a typo; a little clock skew is not. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function checkTime(value: string, now: Date, problems: InputProblem[]): string {
  const iso = fromLocalInput(value);
  if (iso === null || Date.parse(iso) > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push({ field: 'at', problem: 'time' });
    return '';
  }
  return iso;
}

/** A number as typed on a Belgian keyboard too: "37,5". Empty means not measured. */
function readNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export interface VitalsInput {
  at: string;
  values: Partial<Record<SingleVital | 'systolic' | 'diastolic', string>>;
}

export function checkVitals(
  input: VitalsInput,
  subject: DocumentedSubject,
  context: EntryContext,
): Checked<VitalsEntry> {
  const problems: InputProblem[] = [];
  const at = checkTime(input.at, context.now, problems);
  const readings: VitalReading[] = [];
  for (const vital of Object.keys(VITAL_SIGNS) as SingleVital[]) {
    const value = readNumber(input.values[vital] ?? '');
    if (value === null) continue;
    const definition = VITAL_SIGNS[vital];
    if (isPlausible(definition, value)) readings.push({ vital, uuid: context.newUuid(), value });
    else problems.push({ field: vital, problem: 'range', min: definition.min, max: definition.max });
  }
  const systolic = readNumber(input.values.systolic ?? '');
  const diastolic = readNumber(input.values.diastolic ?? '');
  if (systolic !== null || diastolic !== null) {
    if (systolic === null || diastolic === null || !(systolic > diastolic)) {
      problems.push({ field: 'systolic', problem: 'bloodPressure' });
    } else if (!isPlausible(BLOOD_PRESSURE.systolic, systolic)) {
      const { min, max } = BLOOD_PRESSURE.systolic;
      problems.push({ field: 'systolic', problem: 'range', min, max });
    } else if (!isPlausible(BLOOD_PRESSURE.diastolic, diastolic)) {
      const { min, max } = BLOOD_PRESSURE.diastolic;
      problems.push({ field: 'diastolic', problem: 'range', min, max });
    } else readings.push({ vital: 'blood-pressure', uuid: context.newUuid(), systolic, diastolic });
  }
  if (readings.length === 0 && problems.length === 0)
    problems.push({ field: 'heart-rate', problem: 'nothing' });
  if (problems.length > 0) return { ok: false, problems };
  const first = readings[0] as VitalReading;
  return {
    ok: true,
    entry: {
      kind: 'vitals',
      id: first.uuid,
      recordedAt: context.now.toISOString(),
      by: context.by,
      exportedIn: null,
      subject,
      at,
      readings,
    },
  };
}

export function checkNote(
  input: { at: string; text: string },
  subject: DocumentedSubject,
  context: EntryContext,
): Checked<NoteEntry> {
  const problems: InputProblem[] = [];
  const at = checkTime(input.at, context.now, problems);
  if (input.text.trim() === '') problems.push({ field: 'text', problem: 'text' });
  if (problems.length > 0) return { ok: false, problems };
  const id = context.newUuid();
  return {
    ok: true,
    entry: {
      kind: 'note',
      id,
      recordedAt: context.now.toISOString(),
      by: context.by,
      exportedIn: null,
      subject,
      at,
      text: input.text.trim(),
    },
  };
}

export interface MedicationInput {
  at: string;
  given: boolean;
  medication: KitCode;
  orderId: string | null;
  plannedAt: string | null;
  dosage: string;
  reason: string;
}

export function checkMedication(
  input: MedicationInput,
  subject: DocumentedSubject,
  context: EntryContext,
): Checked<MedicationEntry> {
  const problems: InputProblem[] = [];
  const at = checkTime(input.at, context.now, problems);
  if (input.medication.text.trim() === '') problems.push({ field: 'medication', problem: 'medication' });
  if (problems.length > 0) return { ok: false, problems };
  const dosage = input.dosage.trim();
  const reason = input.reason.trim();
  return {
    ok: true,
    entry: {
      kind: 'medication',
      id: context.newUuid(),
      recordedAt: context.now.toISOString(),
      by: context.by,
      exportedIn: null,
      subject,
      at,
      given: input.given,
      orderId: input.orderId,
      medication: { ...input.medication, text: input.medication.text.trim() },
      dosage: dosage === '' ? null : dosage,
      plannedAt: input.plannedAt,
      reason: input.given || reason === '' ? null : reason,
    },
  };
}

function isPastCalendarDate(text: string, now: Date): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    year >= 1900 &&
    date.getTime() <= now.getTime()
  );
}

export interface AdmissionInput {
  at: string;
  family: string;
  given: string;
  birthDate: string;
  gender: string;
  location: { unit: string; room: string; bed: string };
}

/** Checks an admission; the downtime id is taken by the caller only once the form is valid. */
export function checkAdmission(
  input: AdmissionInput,
  context: EntryContext,
): { ok: true; build: (downtimeId: string) => AdmissionEntry } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const at = checkTime(input.at, context.now, problems);
  if (input.family.trim() === '') problems.push({ field: 'family', problem: 'family' });
  if (input.location.unit.trim() === '') problems.push({ field: 'unit', problem: 'unit' });
  const birthDate = input.birthDate.trim();
  if (birthDate !== '' && !isPastCalendarDate(birthDate, context.now))
    problems.push({ field: 'birthDate', problem: 'birthDate' });
  if (problems.length > 0) return { ok: false, problems };
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  const location: KitLocation = {
    unit: input.location.unit.trim(),
    room: optional(input.location.room),
    bed: optional(input.location.bed),
  };
  const patientUuid = context.newUuid();
  const encounterUuid = context.newUuid();
  return {
    ok: true,
    build: (downtimeId) => ({
      kind: 'admission',
      id: patientUuid,
      recordedAt: context.now.toISOString(),
      by: context.by,
      exportedIn: null,
      patientUuid,
      encounterUuid,
      downtimeId,
      family: input.family.trim(),
      given: input.given.trim(),
      birthDate: optional(birthDate),
      gender: ['female', 'male', 'other', 'unknown'].includes(input.gender) ? input.gender : null,
      location,
      at,
    }),
  };
}
