import type { Kysely } from 'kysely';
import type { FhirResource } from '../../fhir/index.js';
import type { CensusStore } from '../../store/census-store.js';
import type { MirrorStore } from '../../store/mirror-store.js';
import type { KitLocation, KitPatient } from '../../types.js';

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Who lies in a bed, per the census or the EHR mirror. */
export interface Occupant {
  patientId: string | null;
  mrn: string | null;
  display: string;
}

export function displayName(person: { family: string; given: string }): string {
  return person.given === '' ? person.family : `${person.family}, ${person.given}`;
}

/**
 * What the EHR mirror and the census know, looked up for one review or post and remembered for its
 * length, so a queue of many items about few patients reads each patient once.
 */
export class PatientDirectory {
  private readonly patients = new Map<string, Promise<KitPatient | undefined>>();
  private readonly resourcesCache = new Map<string, Promise<FhirResource[]>>();
  private readonly births = new Map<string, Promise<KitPatient[]>>();

  constructor(private readonly deps: { db: Kysely<any>; mirror: MirrorStore; census: CensusStore }) {}

  patient(patientId: string): Promise<KitPatient | undefined> {
    let found = this.patients.get(patientId);
    if (!found) this.patients.set(patientId, (found = this.deps.mirror.patient(patientId)));
    return found;
  }

  async byMrn(mrn: string): Promise<KitPatient | undefined> {
    const patientId = await this.deps.mirror.patientIdByMrn(mrn);
    return patientId === undefined ? undefined : this.patient(patientId);
  }

  /** The patient's resources as the EHR sent them. */
  resources(patientId: string): Promise<FhirResource[]> {
    let found = this.resourcesCache.get(patientId);
    if (!found) {
      found = this.deps.mirror.resourcesOfPatient(patientId) as Promise<FhirResource[]>;
      this.resourcesCache.set(patientId, found);
    }
    return found;
  }

  /**
   * Patients born on a date. The kit record is JSON text with no spaces, so the database narrows by
   * the exact `"birthDate":"…"` member and each candidate is confirmed after parsing.
   */
  bornOn(birthDate: string): Promise<KitPatient[]> {
    if (!FULL_DATE.test(birthDate)) return Promise.resolve([]);
    let found = this.births.get(birthDate);
    if (!found) {
      found = (async () => {
        const rows = (await this.deps.db
          .selectFrom('continuity_patients')
          .select(['record'])
          .where('record', 'like', `%"birthDate":"${birthDate}"%`)
          .limit(1000)
          .execute()) as { record: string }[];
        return rows
          .map((row) => JSON.parse(row.record) as KitPatient)
          .filter((patient) => patient.birthDate === birthDate);
      })();
      this.births.set(birthDate, found);
    }
    return found;
  }

  /** Present patients in the bed, from the census (ADT) and from the EHR's own records. */
  async occupants(location: KitLocation): Promise<Occupant[]> {
    const same = (other: KitLocation | null): boolean =>
      other !== null &&
      other.unit === location.unit &&
      other.room === location.room &&
      other.bed === location.bed;
    const found: Occupant[] = [];
    for (const entry of await this.deps.census.unit(location.unit)) {
      if (entry.present && same(entry.location))
        found.push({ patientId: null, mrn: entry.mrn, display: displayName(entry) });
    }
    for await (const patient of this.deps.mirror.patients({ unit: location.unit })) {
      if (!same(patient.location)) continue;
      const known = patient.mrn === null ? undefined : found.find((occupant) => occupant.mrn === patient.mrn);
      if (known) known.patientId = patient.id;
      else found.push({ patientId: patient.id, mrn: patient.mrn, display: displayName(patient) });
    }
    return found;
  }
}
