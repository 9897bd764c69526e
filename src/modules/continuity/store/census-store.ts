import type { Kysely } from 'kysely';
import type { CensusPatient } from '../hl7/index.js';

interface CensusRow {
  mrn: string;
  unit: string | null;
  room: string | null;
  bed: string | null;
  patient_class: string | null;
  admitted_at: string | null;
  last_event_at: string;
  entry: string;
}

/** The census as ADT messages leave it: one entry per MRN, present or gone. */
export class CensusStore {
  constructor(private readonly db: Kysely<any>) {}

  async get(mrn: string): Promise<CensusPatient | undefined> {
    const row = (await this.db
      .selectFrom('continuity_census')
      .select(['entry'])
      .where('mrn', '=', mrn)
      .executeTakeFirst()) as Pick<CensusRow, 'entry'> | undefined;
    return row ? revive(row.entry) : undefined;
  }

  async put(patient: CensusPatient): Promise<void> {
    const row: CensusRow = {
      mrn: patient.mrn,
      unit: patient.present ? (patient.location?.unit ?? null) : null,
      room: patient.present ? (patient.location?.room ?? null) : null,
      bed: patient.present ? (patient.location?.bed ?? null) : null,
      patient_class: patient.patientClass,
      admitted_at: patient.admittedAt,
      last_event_at: patient.lastEventAt,
      entry: JSON.stringify(patient),
    };
    const { mrn: _mrn, ...update } = row;
    await this.db
      .insertInto('continuity_census')
      .values(row)
      .onConflict((conflict) => conflict.column('mrn').doUpdateSet(update))
      .execute();
  }

  /** Present patients of a unit, by room and bed. */
  async unit(unit: string): Promise<CensusPatient[]> {
    const rows = (await this.db
      .selectFrom('continuity_census')
      .select(['entry'])
      .where('unit', '=', unit)
      .orderBy('room')
      .orderBy('bed')
      .execute()) as Pick<CensusRow, 'entry'>[];
    return rows.map((row) => revive(row.entry));
  }

  async units(): Promise<{ unit: string; patients: number }[]> {
    const rows = (await this.db
      .selectFrom('continuity_census')
      .select(['unit', (eb) => eb.fn.countAll().as('n')])
      .where('unit', 'is not', null)
      .groupBy('unit')
      .orderBy('unit')
      .execute()) as { unit: string; n: number | string }[];
    return rows.map((row) => ({ unit: row.unit, patients: Number(row.n) }));
  }
}

function revive(entry: string): CensusPatient {
  return JSON.parse(entry) as CensusPatient;
}
