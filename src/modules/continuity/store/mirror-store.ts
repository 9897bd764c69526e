import type { Kysely } from 'kysely';
import type { KitPatient } from '../types.js';

/** A source resource as the mirror keeps it; `body` is the FHIR JSON text, never logged. */
export interface MirroredResource {
  resourceType: string;
  resourceId: string;
  patientId: string | null;
  sourceId: string;
  lastUpdated: string | null;
  body: string;
}

export interface ProjectedPatient {
  record: KitPatient;
  unit: string | null;
  dataAsOf: string | null;
}

interface PatientRow {
  patient_id: string;
  mrn: string | null;
  unit: string | null;
  bed: string | null;
  record: string;
  data_as_of: string | null;
  projected_at: string;
}

// Five bound values a row keep a batch well under SQLite's and PostgreSQL's parameter limits.
const RESOURCE_BATCH = 400;
const PATIENT_BATCH = 300;

/** The resources received from the EHR and each patient's projected kit record. */
export class MirrorStore {
  constructor(private readonly db: Kysely<any>) {}

  /** Joins the caller's transaction when the store was made on one, else opens its own. */
  private async inTransaction(work: (tx: Kysely<any>) => Promise<void>): Promise<void> {
    if (this.db.isTransaction) return work(this.db);
    await this.db.transaction().execute(work);
  }

  /** Inserts or replaces resources by type and id; one transaction per call. */
  async putResources(resources: readonly MirroredResource[]): Promise<void> {
    if (resources.length === 0) return;
    await this.inTransaction(async (tx) => {
      for (let start = 0; start < resources.length; start += RESOURCE_BATCH) {
        const rows = resources.slice(start, start + RESOURCE_BATCH).map((resource) => ({
          resource_type: resource.resourceType,
          resource_id: resource.resourceId,
          patient_id: resource.patientId,
          source_id: resource.sourceId,
          last_updated: resource.lastUpdated,
          body: resource.body,
        }));
        await tx
          .insertInto('continuity_resources')
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(['resource_type', 'resource_id']).doUpdateSet((eb) => ({
              patient_id: eb.ref('excluded.patient_id'),
              source_id: eb.ref('excluded.source_id'),
              last_updated: eb.ref('excluded.last_updated'),
              body: eb.ref('excluded.body'),
            })),
          )
          .execute();
      }
    });
  }

  async resourcesOfPatient(patientId: string): Promise<unknown[]> {
    const rows = (await this.db
      .selectFrom('continuity_resources')
      .select(['body'])
      .where('patient_id', '=', patientId)
      .execute()) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as unknown);
  }

  async resourcesById(resourceType: string, ids: readonly string[]): Promise<unknown[]> {
    if (ids.length === 0) return [];
    const rows = (await this.db
      .selectFrom('continuity_resources')
      .select(['body'])
      .where('resource_type', '=', resourceType)
      .where('resource_id', 'in', ids)
      .execute()) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as unknown);
  }

  async resourceCount(): Promise<number> {
    const row = (await this.db
      .selectFrom('continuity_resources')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  async putPatients(patients: readonly ProjectedPatient[], projectedAt: string): Promise<void> {
    if (patients.length === 0) return;
    await this.inTransaction(async (tx) => {
      for (let start = 0; start < patients.length; start += PATIENT_BATCH) {
        const rows: PatientRow[] = patients.slice(start, start + PATIENT_BATCH).map((patient) => ({
          patient_id: patient.record.id,
          mrn: patient.record.mrn,
          unit: patient.unit,
          bed:
            patient.unit === null
              ? null
              : (patient.record.location?.bed ?? patient.record.location?.room ?? null),
          record: JSON.stringify(patient.record),
          data_as_of: patient.dataAsOf,
          projected_at: projectedAt,
        }));
        await tx
          .insertInto('continuity_patients')
          .values(rows)
          .onConflict((conflict) =>
            conflict.column('patient_id').doUpdateSet((eb) => ({
              mrn: eb.ref('excluded.mrn'),
              unit: eb.ref('excluded.unit'),
              bed: eb.ref('excluded.bed'),
              record: eb.ref('excluded.record'),
              data_as_of: eb.ref('excluded.data_as_of'),
              projected_at: eb.ref('excluded.projected_at'),
            })),
          )
          .execute();
      }
    });
  }

  async removePatients(patientIds: readonly string[]): Promise<void> {
    if (patientIds.length === 0) return;
    await this.db.deleteFrom('continuity_patients').where('patient_id', 'in', patientIds).execute();
  }

  async patient(patientId: string): Promise<KitPatient | undefined> {
    const row = (await this.db
      .selectFrom('continuity_patients')
      .select(['record'])
      .where('patient_id', '=', patientId)
      .executeTakeFirst()) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as KitPatient) : undefined;
  }

  async patientIdByMrn(mrn: string): Promise<string | undefined> {
    const row = (await this.db
      .selectFrom('continuity_patients')
      .select(['patient_id'])
      .where('mrn', '=', mrn)
      // An ADT-only stand-in (`adt-…`) and the EHR's record may share an MRN for a moment: the EHR's wins.
      .orderBy((eb) => eb.case().when('patient_id', 'like', 'adt-%').then(1).else(0).end())
      .executeTakeFirst()) as { patient_id: string } | undefined;
    return row?.patient_id;
  }

  /** Patients of one unit, or of the whole site when `unit` is null, in id order, a page at a time. */
  async *patients(options: { unit: string | null; pageSize?: number }): AsyncGenerator<KitPatient> {
    const pageSize = options.pageSize ?? 1000;
    let after = '';
    for (;;) {
      let query = this.db
        .selectFrom('continuity_patients')
        .select(['patient_id', 'record'])
        .where('patient_id', '>', after)
        .orderBy('patient_id')
        .limit(pageSize);
      if (options.unit !== null) query = query.where('unit', '=', options.unit);
      const rows = (await query.execute()) as { patient_id: string; record: string }[];
      for (const row of rows) yield JSON.parse(row.record) as KitPatient;
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      after = last.patient_id;
    }
  }

  /** The ids of a unit's (or, with null, every) patient. */
  async patientIds(unit: string | null): Promise<string[]> {
    let query = this.db.selectFrom('continuity_patients').select(['patient_id']).orderBy('patient_id');
    if (unit !== null) query = query.where('unit', '=', unit);
    return ((await query.execute()) as { patient_id: string }[]).map((row) => row.patient_id);
  }

  /**
   * Patients placed in a unit (of one unit, or of any with null), EHR records only, that were last
   * projected before `projectedBefore`.
   */
  async inpatientIds(unit: string | null, projectedBefore: string): Promise<string[]> {
    let query = this.db
      .selectFrom('continuity_patients')
      .select(['patient_id'])
      .where('unit', 'is not', null)
      .where('patient_id', 'not like', 'adt-%')
      .where('projected_at', '<', projectedBefore)
      .orderBy('patient_id');
    if (unit !== null) query = query.where('unit', '=', unit);
    return ((await query.execute()) as { patient_id: string }[]).map((row) => row.patient_id);
  }

  /** Records projected after `since`: what a delta kit carries. */
  async patientsProjectedAfter(unit: string | null, since: string): Promise<KitPatient[]> {
    let query = this.db
      .selectFrom('continuity_patients')
      .select(['record'])
      .where('projected_at', '>', since)
      .orderBy('patient_id');
    if (unit !== null) query = query.where('unit', '=', unit);
    return ((await query.execute()) as { record: string }[]).map(
      (row) => JSON.parse(row.record) as KitPatient,
    );
  }

  /** The occupied beds of one unit, or of every unit with null, by unit. */
  async unitBeds(unit: string | null): Promise<{ unit: string; bed: string }[]> {
    let query = this.db
      .selectFrom('continuity_patients')
      .select(['unit', 'bed'])
      .distinct()
      .where('unit', 'is not', null)
      .where('bed', 'is not', null);
    if (unit !== null) query = query.where('unit', '=', unit);
    return await query.execute();
  }

  /** Units that hold patients now, with how many each. */
  async unitCounts(): Promise<{ unit: string; patients: number }[]> {
    const rows = (await this.db
      .selectFrom('continuity_patients')
      .select(['unit', (eb) => eb.fn.countAll().as('n')])
      .where('unit', 'is not', null)
      .groupBy('unit')
      .orderBy('unit')
      .execute()) as { unit: string; n: number | string }[];
    return rows.map((row) => ({ unit: row.unit, patients: Number(row.n) }));
  }

  async patientCount(): Promise<number> {
    const row = (await this.db
      .selectFrom('continuity_patients')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** The newest source time over every patient, or null when the mirror is empty. */
  async newestDataAsOf(unit: string | null): Promise<string | null> {
    let query = this.db
      .selectFrom('continuity_patients')
      .select((eb) => eb.fn.max('data_as_of').as('newest'));
    if (unit !== null) query = query.where('unit', '=', unit);
    const row = (await query.executeTakeFirst()) as { newest: string | null } | undefined;
    return row?.newest ?? null;
  }
}
