import { applyCensusEvent, type CensusPatient } from '../hl7/index.js';
import type { Kysely } from 'kysely';
import { CensusStore } from '../store/census-store.js';
import { MirrorStore } from '../store/mirror-store.js';
import type { CensusEvent, KitLocation, KitPatient } from '../types.js';
import { adtOnlyPatientId } from '../mirror/placeholder.js';
import type { CensusLookup } from '../mirror/projector.js';

export interface AdtOutcome {
  /** False for a resend or an event older than what the census holds. */
  applied: boolean;
  mrn: string;
  /** The mirror patient to project again, when the EHR's record is known. */
  patientId: string | null;
}

/**
 * Keeps the census from ADT events. A patient admitted before the EHR's next export still shows up
 * in the unit's kit: the census entry becomes a minimal record (name, birth date, bed) until the
 * EHR's own record replaces it.
 */
export class CensusService {
  constructor(private readonly db: Kysely<any>) {}

  readonly lookup: CensusLookup = async (mrn) => {
    const entry = await new CensusStore(this.db).get(mrn);
    if (!entry) return undefined;
    return entry.present ? entry.location : null;
  };

  /**
   * Applies one event. A resend is recognised by the patient's recent control ids (kept in the census
   * entry), not by a global table: control ids are only unique per sender, and a retry after a failed
   * write must apply. The census entry and any stand-in record change together or not at all.
   */
  async apply(event: CensusEvent, receivedAt: Date): Promise<AdtOutcome> {
    const mrn = event.patient.mrn;
    return this.db.transaction().execute(async (trx) => {
      const census = new CensusStore(trx);
      const mirror = new MirrorStore(trx);
      const known = await census.get(mrn);
      const before = { patients: new Map(known ? [[mrn, known]] : []) };
      const after = applyCensusEvent(before, event);
      const entry = after.patients.get(mrn);
      if (after === before || !entry) return { applied: false, mrn, patientId: null };
      await census.put(entry);
      const patientId = (await mirror.patientIdByMrn(mrn)) ?? null;
      if (patientId !== null && patientId !== adtOnlyPatientId(mrn)) return { applied: true, mrn, patientId };
      await mirror.putPatients(
        [
          {
            record: adtOnlyRecord(entry),
            unit: entry.present ? (entry.location?.unit ?? null) : null,
            dataAsOf: event.at,
          },
        ],
        receivedAt.toISOString(),
      );
      return { applied: true, mrn, patientId: null };
    });
  }
}

function adtOnlyRecord(entry: CensusPatient): KitPatient {
  const location: KitLocation | null = entry.present ? entry.location : null;
  return {
    id: adtOnlyPatientId(entry.mrn),
    mrn: entry.mrn,
    family: entry.family,
    given: entry.given,
    birthDate: entry.birthDate,
    gender: entry.gender,
    location,
    admittedAt: entry.admittedAt,
    codeStatus: null,
    problems: [],
    allergies: [],
    medications: [],
    mar: [],
    immunizations: [],
    results: [],
    vitals: [],
    procedures: [],
    appointments: [],
    updatedAt: entry.lastEventAt,
  };
}
