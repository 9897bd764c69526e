import type { FhirResource } from '../fhir-types.js';
import type { EhrStore, PreparedWrite } from '../store/store.js';
import { facilityResources, layoutHospital, unitGroup, type HospitalLayout } from './facility.js';
import { inpatientRecord } from './inpatient.js';
import { outpatientRecord } from './outpatient.js';
import { Random } from './random.js';

export interface HospitalOptions {
  beds: number;
  outpatients: number;
  seed: number;
  /** The moment the data describes: admissions, MAR and vitals lie before it, appointments after. */
  now: Date;
  /** Share of beds taken (the ER somewhat less). */
  occupancy?: number;
}

export function hospitalLayout(options: Pick<HospitalOptions, 'beds' | 'seed'>): HospitalLayout {
  return layoutHospital(options.beds, options.seed);
}

/**
 * The synthetic hospital as a stream of resources: organisation, locations and staff, then each inpatient
 * bed by bed, a census Group per unit, then the outpatients. Each patient comes from its own seeded
 * generator, so the result is the same for the same options and memory stays flat however many there are.
 */
export function* streamHospital(options: HospitalOptions): Generator<FhirResource> {
  const layout = hospitalLayout(options);
  yield* facilityResources(layout);
  const occupancy = options.occupancy ?? 0.9;
  let index = 1;
  for (const [unitIndex, unit] of layout.units.entries()) {
    const members: string[] = [];
    for (const [bedIndex, spot] of unit.beds.entries()) {
      const taken = new Random(options.seed, 0xbed, unitIndex, bedIndex).chance(
        unit.encounterClass === 'EMER' ? occupancy * 0.75 : occupancy,
      );
      if (!taken) continue;
      const record = inpatientRecord(new Random(options.seed, index), index, options.now, layout, spot);
      members.push(record[0]!.id!);
      index += 1;
      yield* record;
    }
    yield unitGroup(unit, members, layout.organizationId);
  }
  for (let count = 0; count < options.outpatients; count += 1, index += 1) {
    yield* outpatientRecord(new Random(options.seed, index), index, options.now, layout);
  }
}

/** All of it as an array; for large sites prefer streamHospital or loadHospital. */
export function generateHospital(options: HospitalOptions): FhirResource[] {
  return [...streamHospital(options)];
}

/** Writes the synthetic hospital into the store in batches, keeping the generated ids. */
export function loadHospital(
  store: EhrStore,
  options: HospitalOptions,
): { resources: number; patients: number } {
  let batch: PreparedWrite[] = [];
  let resources = 0;
  let patients = 0;
  for (const resource of streamHospital(options)) {
    batch.push(store.prepareUpdate(resource));
    resources += 1;
    if (resource.resourceType === 'Patient') patients += 1;
    if (batch.length === 2000) {
      store.commit(batch);
      batch = [];
    }
  }
  store.commit(batch);
  return { resources, patients };
}
