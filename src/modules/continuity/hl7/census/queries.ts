import type { CensusPatient, CensusState } from './state.js';

const byPlace = new Intl.Collator('en', { numeric: true });

function byRoomAndBed(a: CensusPatient, b: CensusPatient): number {
  return (
    byPlace.compare(a.location?.room ?? '', b.location?.room ?? '') ||
    byPlace.compare(a.location?.bed ?? '', b.location?.bed ?? '')
  );
}

/** The patients present on a unit, ordered by room and bed ("2" before "10"). */
export function censusByUnit(state: CensusState, unit: string): CensusPatient[] {
  return censusUnits(state).get(unit) ?? [];
}

/** The units that have anyone present, each with its patients. */
export function censusUnits(state: CensusState): Map<string, CensusPatient[]> {
  const units = new Map<string, CensusPatient[]>();
  for (const patient of state.patients.values()) {
    const unit = patient.present ? patient.location?.unit : undefined;
    if (unit === undefined) continue;
    const list = units.get(unit);
    if (list) list.push(patient);
    else units.set(unit, [patient]);
  }
  for (const list of units.values()) list.sort(byRoomAndBed);
  return units;
}

/** Who lies in a bed now; room and bed null match an unnamed room or bed. */
export function bedOccupant(
  state: CensusState,
  place: { unit: string; room: string | null; bed: string | null },
): CensusPatient | undefined {
  for (const patient of state.patients.values()) {
    const here = patient.location;
    if (patient.present && here?.unit === place.unit && here.room === place.room && here.bed === place.bed) {
      return patient;
    }
  }
  return undefined;
}

/** Forgets patients who left before `before` (ISO), keeping the census small on a busy feed. */
export function pruneCensus(state: CensusState, before: string): CensusState {
  const limit = Date.parse(before);
  const patients = new Map(
    [...state.patients].filter(([, patient]) => patient.present || Date.parse(patient.lastEventAt) >= limit),
  );
  return patients.size === state.patients.size ? state : { patients };
}
