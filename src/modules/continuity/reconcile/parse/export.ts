import { rejection } from '../../fhir/import/rejection.js';
import { isFhirInstant } from '../../fhir/validate/datatypes.js';
import type { FhirResource } from '../../fhir/index.js';
import type { RejectedResource } from '../../types.js';
import { reconcileError } from '../errors.js';
import type { ParsedExport, ParsedItem, ParsedOpening } from '../types.js';
import { admissionEncounter, admissionItem, admittedPatient } from './admission.js';
import { administration, note, vitalSign } from './documented.js';
import {
  DOWNTIME_EXPORT_SYSTEM,
  Invalid,
  asObject,
  invalid,
  isObject,
  optionalText,
  urnUuid,
} from './fields.js';
import { opening } from './opening.js';

/** More entries than a unit documents in weeks of downtime; beyond it the file is refused whole. */
export const MAX_ENTRIES = 50_000;
const EXPORT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface Positioned<T> {
  index: number;
  value: T;
}

/**
 * Reads a downtime documentation bundle (after its signature was verified). The bundle itself must
 * be one; each entry is read on its own, and a malformed one is listed with its position and reason
 * while the rest proceed. Throws LifelineError only, and only for the bundle as a whole.
 */
export function readExport(bundle: unknown): ParsedExport {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') throw refused('The file is not a FHIR Bundle');
  if (bundle.type !== 'collection') throw refused('Bundle.type is not collection');
  const identifier = asObject(bundle.identifier);
  const exportId = identifier?.value;
  if (
    identifier?.system !== DOWNTIME_EXPORT_SYSTEM ||
    typeof exportId !== 'string' ||
    !EXPORT_ID.test(exportId)
  )
    throw refused('Bundle.identifier is not a downtime export id');
  const entries: unknown = bundle.entry ?? [];
  if (!Array.isArray(entries)) throw refused('Bundle.entry is not a list');
  if (entries.length > MAX_ENTRIES) {
    throw reconcileError('CONTINUITY_RECONCILE_BUNDLE_TOO_LARGE', undefined, {
      entries: entries.length,
      limit: MAX_ENTRIES,
    });
  }

  const items: Positioned<ParsedItem>[] = [];
  const openings: ParsedOpening[] = [];
  const rejected: Positioned<RejectedResource>[] = [];
  const patients = new Map<string, Positioned<{ uuid: string; patient: FhirResource }>>();
  const encounters = new Map<string, Positioned<FhirResource>>();
  const seen = new Set<string>();
  const reject = (index: number, value: unknown, reason: string): void => {
    rejected.push({ index, value: rejection(`bundle entry ${index}`, value, reason) });
  };

  entries.forEach((entry: unknown, index) => {
    const resource = isObject(entry) ? asObject(entry.resource) : undefined;
    try {
      if (!isObject(entry)) invalid('the entry is not an object');
      if (resource === undefined) invalid('the entry holds no resource');
      const uuid = urnUuid(entry.fullUrl);
      if (uuid === undefined) invalid('Bundle.entry.fullUrl is not a urn:uuid');
      if (seen.has(uuid)) invalid('the same fullUrl appears twice in the bundle');
      seen.add(uuid);
      switch (resource.resourceType) {
        case 'Observation':
          items.push({ index, value: vitalSign(resource, uuid) });
          break;
        case 'MedicationAdministration':
          items.push({ index, value: administration(resource, uuid) });
          break;
        case 'DocumentReference':
          items.push({ index, value: note(resource, uuid) });
          break;
        case 'Patient':
          patients.set(uuid, { index, value: admittedPatient(resource, uuid) });
          break;
        case 'Encounter': {
          const found = admissionEncounter(resource, uuid);
          if (encounters.has(found.patientUuid)) invalid('a second Encounter for the same admission');
          encounters.set(found.patientUuid, { index, value: found.encounter });
          break;
        }
        case 'AuditEvent':
          openings.push(opening(resource, uuid));
          break;
        default:
          invalid('the resource type is not downtime documentation');
      }
    } catch (error) {
      reject(index, resource, error instanceof Invalid ? error.message : 'the entry cannot be read');
    }
  });

  for (const [patientUuid, encounter] of encounters) {
    if (!patients.has(patientUuid)) {
      reject(encounter.index, encounter.value, 'Encounter.subject is not an admitted patient of the bundle');
      encounters.delete(patientUuid);
    }
  }
  for (const [patientUuid, patient] of patients) {
    const encounter = encounters.get(patientUuid)?.value ?? null;
    items.push({ index: patient.index, value: admissionItem(patient.value, encounter) });
  }
  const timestamp = bundle.timestamp;
  return {
    exportId,
    exportedAt: isFhirInstant(timestamp) ? (timestamp as string) : null,
    exportedBy: optionalText(asObject(asObject(bundle.signature)?.who)?.display, 100),
    items: byPosition(items),
    openings,
    rejected: byPosition(rejected),
  };
}

function byPosition<T>(list: Positioned<T>[]): T[] {
  return list.sort((a, b) => a.index - b.index).map((entry) => entry.value);
}

function refused(reason: string) {
  return reconcileError('CONTINUITY_RECONCILE_BUNDLE_INVALID', reason);
}
