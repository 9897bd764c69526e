import type { FhirResource } from '../fhir/index.js';
import { medicalRecordNumber, projectPatient, referencedId } from '../fhir/index.js';
import type { MirrorStore, ProjectedPatient } from '../store/mirror-store.js';
import type { Clock } from '../../../kernel/clock.js';
import type { KitLocation } from '../types.js';
import { adtOnlyPatientId } from './placeholder.js';

/** Where the census puts a patient: a bed, "not an inpatient" (null), or unknown (undefined). */
export type CensusLookup = (mrn: string) => Promise<KitLocation | null | undefined>;

/** Patients projected per transaction. */
const CHUNK = 200;

/**
 * Rebuilds the kit records of the given patients from the mirror. The census, fed by ADT, knows
 * the bed better than the EHR's last Encounter, so it wins when it knows the patient. A patient
 * whose resources cannot be projected (no Patient resource yet, two Patients) keeps its previous
 * record and is reported by id, so one bad record never stops the others.
 */
export async function projectPatients(
  mirror: MirrorStore,
  patientIds: Iterable<string>,
  options: { clock: Clock; census: CensusLookup },
): Promise<{ projected: number; failed: string[] }> {
  const failed: string[] = [];
  let projected = 0;
  const chunk: ProjectedPatient[] = [];
  const now = options.clock.now();
  for (const patientId of patientIds) {
    try {
      const resources = await withReferencedMedications(
        mirror,
        (await mirror.resourcesOfPatient(patientId)) as FhirResource[],
      );
      const patient = resources.find((r) => r.resourceType === 'Patient' && r.id === patientId);
      if (!patient) {
        failed.push(patientId);
        continue;
      }
      const mrn = medicalRecordNumber(patient);
      const location = mrn === null ? undefined : await options.census(mrn);
      const record = projectPatient(resources, {
        now,
        ...(location !== undefined ? { location } : {}),
      });
      chunk.push({ record, unit: record.location?.unit ?? null, dataAsOf: record.updatedAt });
    } catch {
      failed.push(patientId);
      continue;
    }
    if (chunk.length >= CHUNK) {
      projected += await save(mirror, chunk.splice(0), options.clock);
    }
  }
  projected += await save(mirror, chunk, options.clock);
  return { projected, failed };
}

/** Stores projected records; the EHR's record of a patient replaces the ADT-only stand-in. */
async function save(mirror: MirrorStore, chunk: ProjectedPatient[], clock: Clock): Promise<number> {
  // Stamped as it is written, not when the sync began: delta kits select by this time.
  await mirror.putPatients(chunk, clock.now().toISOString());
  const standIns = chunk.flatMap((entry) =>
    entry.record.mrn === null ? [] : [adtOnlyPatientId(entry.record.mrn)],
  );
  await mirror.removePatients(standIns);
  return chunk.length;
}

/** Medication resources name no patient; the medication list needs the ones its entries point to. */
export async function withReferencedMedications(
  mirror: MirrorStore,
  resources: FhirResource[],
): Promise<FhirResource[]> {
  const wanted = new Set<string>();
  for (const resource of resources) {
    const id = referencedId(resource.medicationReference, 'Medication');
    if (id !== undefined) wanted.add(id);
  }
  if (wanted.size === 0) return resources;
  const medications = (await mirror.resourcesById('Medication', [...wanted])) as FhirResource[];
  return [...resources, ...medications];
}
