import type { KitPayload, KitScope } from '../types.js';
import { kitError } from './errors.js';
import type { KitHeader } from './kit-header.js';

export const KIT_PAYLOAD_FORMAT = 'lifeline-kit/1';

/**
 * The decrypted payload came from a trusted signer, so this checks shape rather than every clinical
 * field: enough that the viewer and applyDelta can rely on the containers and ids being there.
 */
export function parsePayload(json: string): KitPayload {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid('The kit data is not JSON', 'payload');
  }
  if (!isRecord(value) || value.format !== KIT_PAYLOAD_FORMAT)
    throw invalid('The kit data has no kit format', 'format');
  for (const field of ['kitId', 'hospital', 'builtAt', 'dataAsOf'] as const) {
    if (typeof value[field] !== 'string') throw invalid(`The kit data lacks ${field}`, field);
  }
  if (value.kind !== 'full' && value.kind !== 'delta') throw invalid('The kit data has no kind', 'kind');
  if (value.baseKitId !== null && typeof value.baseKitId !== 'string')
    throw invalid('The kit data lacks baseKitId', 'baseKitId');
  if (!isRecord(value.scope)) throw invalid('The kit data has no scope', 'scope');
  if (!Array.isArray(value.units) || !value.units.every(isRecord))
    throw invalid('The kit units are malformed', 'units');
  if (!Array.isArray(value.patients)) throw invalid('The kit patients are malformed', 'patients');
  value.patients.forEach((patient, index) => {
    if (!isRecord(patient) || typeof patient.id !== 'string') {
      throw invalid(`The kit patient at position ${index} has no id`, 'patients', index);
    }
    completePatient(patient);
  });
  for (const field of ['removedPatientIds', 'downtimeIds'] as const) {
    const list = value[field];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
      throw invalid(`The kit list ${field} is malformed`, field);
    }
  }
  const key = value.documentationKey;
  if (!isRecord(key) || typeof key.keyId !== 'string' || typeof key.privateKeyPkcs8 !== 'string') {
    throw invalid('The kit documentation key is malformed', 'documentationKey');
  }
  return value as unknown as KitPayload;
}

/** Sections and facts a compact record may leave out (the site kit does, to stay small). */
const PATIENT_LISTS = [
  'problems',
  'allergies',
  'medications',
  'mar',
  'immunizations',
  'results',
  'vitals',
  'procedures',
  'appointments',
] as const;
const PATIENT_FACTS = [
  'mrn',
  'birthDate',
  'gender',
  'location',
  'admittedAt',
  'codeStatus',
  'updatedAt',
] as const;

/** Puts back what a compact record left out: empty sections, unknown facts, empty names. */
function completePatient(patient: Record<string, unknown>): void {
  for (const list of PATIENT_LISTS) if (!Array.isArray(patient[list])) patient[list] = [];
  for (const fact of PATIENT_FACTS) if (patient[fact] === undefined) patient[fact] = null;
  for (const name of ['family', 'given'] as const) if (typeof patient[name] !== 'string') patient[name] = '';
}

/** A payload sealed under another kit's header (a swapped ciphertext) must never show as this kit. */
export function assertPayloadMatchesHeader(payload: KitPayload, header: KitHeader): void {
  const mismatched = (
    [
      ['kitId', payload.kitId === header.kitId],
      ['kind', payload.kind === header.kind],
      ['baseKitId', payload.baseKitId === header.baseKitId],
      ['scope', sameScope(payload.scope, header.scope)],
      ['hospital', payload.hospital === header.hospital],
      ['builtAt', payload.builtAt === header.builtAt],
      ['dataAsOf', payload.dataAsOf === header.dataAsOf],
    ] as const
  )
    .filter(([, same]) => !same)
    .map(([field]) => field);
  if (mismatched.length > 0) {
    throw kitError('CONTINUITY_KIT_PAYLOAD_MISMATCH', 'The kit data does not match its header', {
      fields: mismatched,
    });
  }
}

export function sameScope(left: KitScope, right: KitScope): boolean {
  if (left.kind === 'unit' && right.kind === 'unit') return left.unit === right.unit;
  if (left.kind === 'site' && right.kind === 'site') return left.site === right.site;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string, field: string, position?: number) {
  return kitError(
    'CONTINUITY_KIT_PAYLOAD_INVALID',
    message,
    position === undefined ? { field } : { field, position },
  );
}
