import { applyCensusEvent, type CensusPatient } from '../hl7/index.js';
import type { CensusStore } from '../store/census-store.js';
import type { MirrorStore } from '../store/mirror-store.js';
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
  constructor(
    private readonly census: CensusStore,
    private readonly mirror: MirrorStore,
  ) {}

  readonly lookup: CensusLookup = async (mrn) => {
    const entry = await this.census.get(mrn);
    if (!entry) return undefined;
    return entry.present ? entry.location : null;
  };

  async apply(event: CensusEvent, receivedAt: Date): Promise<AdtOutcome> {
    const mrn = event.patient.mrn;
    const known = await this.census.get(mrn);
    const before = { patients: new Map(known ? [[mrn, known]] : []) };
    const after = applyCensusEvent(before, event);
    const entry = after.patients.get(mrn);
    const fresh = await this.census.firstSighting(
      event.messageControlId,
      event.trigger,
      receivedAt.toISOString(),
      after === before ? 'ignored' : 'applied',
    );
    if (after === before || !entry || !fresh) return { applied: false, mrn, patientId: null };
    await this.census.put(entry);
    const patientId = (await this.mirror.patientIdByMrn(mrn)) ?? null;
    if (patientId === null || patientId === adtOnlyPatientId(mrn)) {
      await this.mirror.putPatients(
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
    }
    return { applied: true, mrn, patientId };
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
