import type { KitPatient, KitPayload } from '../types.js';
import { kitError } from './errors.js';
import { sameScope } from './payload-check.js';

/**
 * Folds a delta into the kit it was built on. The result is a full kit as of the delta: it takes the
 * delta's kit id, so the next delta of a chain (whose baseKitId names this delta) applies to it in turn.
 * Patients are upserted by id (a changed patient keeps its place, a new one is appended); a patient the
 * delta both lists and removes is removed.
 */
export function applyDelta(full: KitPayload, delta: KitPayload): KitPayload {
  if (full.kind !== 'full') throw mismatch('A delta applies to a full kit only', full, delta);
  if (delta.kind !== 'delta') throw mismatch('Only a delta kit can be applied', full, delta);
  if (delta.baseKitId !== full.kitId) throw mismatch('The delta was built on another kit', full, delta);
  if (!sameScope(full.scope, delta.scope) || full.hospital !== delta.hospital) {
    throw mismatch('The delta belongs to another scope', full, delta);
  }
  const patients = new Map<string, KitPatient>(full.patients.map((patient) => [patient.id, patient]));
  for (const patient of delta.patients) patients.set(patient.id, patient);
  for (const id of delta.removedPatientIds) patients.delete(id);
  // A delta that is somehow older than its base must not roll the census or staleness clock back.
  const newer = Date.parse(delta.dataAsOf) >= Date.parse(full.dataAsOf) ? delta : full;
  return {
    format: full.format,
    kitId: delta.kitId,
    kind: 'full',
    baseKitId: null,
    scope: full.scope,
    hospital: full.hospital,
    builtAt: newer.builtAt,
    dataAsOf: newer.dataAsOf,
    units: newer.units,
    patients: [...patients.values()],
    removedPatientIds: [],
    downtimeIds: newer.downtimeIds,
    documentationKey: newer.documentationKey,
  };
}

/**
 * Applies deltas in order. Each delta may name the previous link of the chain (the usual case) or the
 * full kit itself (a cumulative delta, which then replaces whatever the earlier deltas said).
 */
export function applyDeltaChain(full: KitPayload, deltas: readonly KitPayload[]): KitPayload {
  let current = full;
  for (const delta of deltas) {
    current = applyDelta(delta.baseKitId === full.kitId ? full : current, delta);
  }
  return current;
}

function mismatch(message: string, full: KitPayload, delta: KitPayload) {
  return kitError('CONTINUITY_KIT_DELTA_MISMATCH', message, {
    kitId: full.kitId,
    deltaKitId: delta.kitId,
    deltaBaseKitId: delta.baseKitId,
  });
}
