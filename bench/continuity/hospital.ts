/**
 * The benchmark's hospital: the EHR double's synthetic generator (600 beds, fixed seed), fed into the
 * platform the way `lifeline continuity import` does it (ContinuityService.importItems: validate, mirror,
 * project every changed patient), timed phase by phase.
 */
// The generator lives in the EHR double, below the module's index, like a test fixture.
/* eslint-disable no-restricted-imports */
import {
  hospitalLayout,
  streamHospital,
  type HospitalOptions,
} from '../../src/modules/continuity/ehr/index.js';
/* eslint-enable no-restricted-imports */
import type { ContinuityPlatform, FhirResource } from '../../src/modules/continuity/index.js';
import { accumulator, timeMethod } from './method-timer.js';
import { BENCH_WHO } from './platform.js';

export const BEDS = 600;
const SEED = 20_261_126;

export function hospitalOptions(outpatients: number, now: Date): HospitalOptions {
  return { beds: BEDS, outpatients, seed: SEED, now };
}

/** The inpatients the generator puts in the 600 beds (about 90 % occupancy). */
export function inpatientCount(now: Date): number {
  let patients = 0;
  for (const resource of streamHospital(hospitalOptions(0, now))) {
    if (resource.resourceType === 'Patient') patients += 1;
  }
  return patients;
}

/** The unit's beds by the hospital's floor plan, with the room each is in. */
export function unitBeds(unit: string, now: Date): { room: string; bed: string }[] {
  const layout = hospitalLayout(hospitalOptions(0, now));
  const found = layout.units.find((candidate) => candidate.name === unit);
  return (found?.beds ?? []).map((spot) => ({ room: spot.room, bed: spot.bed }));
}

export interface ImportTiming {
  seconds: number;
  /** Producing the synthetic resources (the stand-in for reading an export), included in `seconds`. */
  generateSeconds: number;
  /** Validating and writing resources to the mirror, generation excluded. */
  ingestSeconds: number;
  /** Projecting every changed patient into its kit record. */
  projectSeconds: number;
  /** Within projection: reading and parsing each patient's resources, and writing the records. */
  projectReadSeconds: number;
  projectWriteSeconds: number;
  /** Within ingest: the SQLite writes. */
  ingestWriteSeconds: number;
  resources: number;
  rejected: number;
  patients: number;
  unprojected: number;
}

/**
 * Imports the synthetic hospital through the service. The mirror store's methods are timed in place,
 * so ingest and projection are told apart without touching the module: projection starts with the
 * first read of a patient's resources.
 */
export async function importHospital(
  continuity: ContinuityPlatform,
  options: HospitalOptions,
): Promise<ImportTiming> {
  const mirror = continuity.stores.mirror;
  const writes = accumulator();
  const reads = accumulator();
  const records = accumulator();
  let projectionStarted = NaN;
  const undo = [
    timeMethod(mirror, 'putResources', writes),
    timeMethod(mirror, 'resourcesOfPatient', reads, () => (projectionStarted = performance.now())),
    timeMethod(mirror, 'resourcesById', reads),
    timeMethod(mirror, 'putPatients', records),
  ];
  const generate = accumulator();
  function* items(): Generator<{ resource: FhirResource }> {
    const source = streamHospital(options);
    for (;;) {
      const started = performance.now();
      const next = source.next();
      generate.total += performance.now() - started;
      if (next.done === true) return;
      yield { resource: next.value };
    }
  }
  const started = performance.now();
  try {
    const outcome = await continuity.service.importItems('ehr', items(), BENCH_WHO);
    const ended = performance.now();
    const projectionFrom = Number.isNaN(projectionStarted) ? ended : projectionStarted;
    return {
      seconds: (ended - started) / 1000,
      generateSeconds: generate.total / 1000,
      ingestSeconds: (projectionFrom - started - generate.total) / 1000,
      projectSeconds: (ended - projectionFrom) / 1000,
      projectReadSeconds: reads.total / 1000,
      projectWriteSeconds: records.total / 1000,
      ingestWriteSeconds: writes.total / 1000,
      resources: outcome.resources,
      rejected: outcome.rejected.length,
      patients: outcome.patients,
      unprojected: outcome.unprojected.length,
    };
  } finally {
    for (const restore of undo) restore();
  }
}
