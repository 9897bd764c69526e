import type { KitAllergy, KitLocation, KitPatient, KitUnit } from '../../types.js';
import type { AdmissionEntry } from '../documentation/entries.js';

/** Who lies in a bed: a patient from the kit, or one admitted during downtime in this browser. */
export type Occupant = { kind: 'kit'; patient: KitPatient } | { kind: 'downtime'; admission: AdmissionEntry };

export interface CensusRow {
  room: string | null;
  bed: string | null;
  occupant: Occupant | null;
}

export interface UnitCensus {
  unit: string;
  beds: number;
  occupied: number;
  rows: CensusRow[];
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function locationOf(occupant: Occupant): KitLocation | null {
  return occupant.kind === 'kit' ? occupant.patient.location : occupant.admission.location;
}

/**
 * One table per unit in bed order: the kit's bed list first (empty beds included, so a nurse sees
 * where a new patient can go), then occupants of beds the list does not name. Units are those the
 * kit lists plus any an occupant lies in.
 */
export function buildCensus(
  units: readonly KitUnit[],
  patients: readonly KitPatient[],
  admissions: readonly AdmissionEntry[],
): UnitCensus[] {
  const byUnit = new Map<string, Occupant[]>();
  const place = (occupant: Occupant) => {
    const location = locationOf(occupant);
    if (location === null) return;
    const list = byUnit.get(location.unit) ?? [];
    list.push(occupant);
    byUnit.set(location.unit, list);
  };
  for (const patient of patients) if (patient.location !== null) place({ kind: 'kit', patient });
  for (const admission of admissions) place({ kind: 'downtime', admission });

  const names = [...units.map((unit) => unit.name)];
  for (const name of [...byUnit.keys()].sort(naturalOrder.compare))
    if (!names.includes(name)) names.push(name);
  return names.map((name) => {
    const beds = units.find((unit) => unit.name === name)?.beds ?? [];
    const occupants = byUnit.get(name) ?? [];
    const rows: CensusRow[] = [];
    const placed = new Set<Occupant>();
    for (const bed of beds) {
      const inBed = occupants.filter((occupant) => locationOf(occupant)?.bed === bed);
      inBed.forEach((occupant) => placed.add(occupant));
      if (inBed.length === 0) rows.push({ room: null, bed, occupant: null });
      for (const occupant of inBed) rows.push({ room: locationOf(occupant)?.room ?? null, bed, occupant });
    }
    const unplaced = occupants
      .filter((occupant) => !placed.has(occupant))
      .map((occupant) => ({
        room: locationOf(occupant)?.room ?? null,
        bed: locationOf(occupant)?.bed ?? null,
        occupant,
      }))
      .sort((a, b) => naturalOrder.compare(a.bed ?? '\uffff', b.bed ?? '\uffff'));
    rows.push(...unplaced);
    return { unit: name, beds: beds.length, occupied: occupants.length, rows };
  });
}

/** none: nothing recorded; present: allergies without high criticality; high: at least one high. */
export function allergyFlag(allergies: readonly KitAllergy[]): 'none' | 'present' | 'high' {
  if (allergies.length === 0) return 'none';
  return allergies.some((allergy) => allergy.criticality === 'high') ? 'high' : 'present';
}
