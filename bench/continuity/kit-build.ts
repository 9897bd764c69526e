/**
 * One kit build through ContinuityService.buildKit (the path of the schedule, the API and the CLI),
 * with the time split into reading records from SQLite, storing the sealed kit, and the rest
 * (assembling the payload, JSON, gzip, AES-GCM, PBKDF2 wrap of the data key, Ed25519 signature).
 */
import type { ContinuityPlatform, KitScope } from '../../src/modules/continuity/index.js';
import { accumulator, timeGenerator, timeMethod } from './method-timer.js';
import { BENCH_WHO } from './platform.js';

export interface TimedBuild {
  seconds: number;
  readSeconds: number;
  storeSeconds: number;
  /** Assembling the payload, JSON, gzip, AES-GCM, the PBKDF2 key wrap, the signature, the audit record. */
  otherSeconds: number;
  kitId: string;
  patients: number;
  envelopeBytes: number;
}

export async function timedBuild(
  continuity: ContinuityPlatform,
  scope: KitScope,
  kind: 'full' | 'delta',
): Promise<TimedBuild> {
  const { mirror, kits } = continuity.stores;
  const reads = accumulator();
  const stores = accumulator();
  const undo = [
    timeGenerator(mirror, 'patients', reads),
    timeMethod(mirror, 'patientIds', reads),
    timeMethod(mirror, 'patientsProjectedAfter', reads),
    timeMethod(mirror, 'unitBeds', reads),
    timeMethod(kits, 'patientIds', reads),
    timeMethod(kits, 'add', stores),
    timeMethod(kits, 'list', stores),
    timeMethod(kits, 'chain', stores),
    timeMethod(kits, 'remove', stores),
  ];
  const started = performance.now();
  try {
    const outcome = await continuity.service.buildKit(scope, kind, BENCH_WHO);
    const seconds = (performance.now() - started) / 1000;
    if (!('built' in outcome)) throw new Error(`the ${kind} kit was not built: ${outcome.skipped}`);
    return {
      seconds,
      readSeconds: reads.total / 1000,
      storeSeconds: stores.total / 1000,
      otherSeconds: seconds - (reads.total + stores.total) / 1000,
      kitId: outcome.built.kitId,
      patients: outcome.built.patients,
      envelopeBytes: outcome.built.bytes,
    };
  } finally {
    for (const restore of undo) restore();
  }
}
