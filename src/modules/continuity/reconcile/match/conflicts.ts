import type { FhirResource } from '../../fhir/index.js';
import { admissionFacts } from '../parse/admission.js';
import { DOWNTIME_SYSTEM, identifierOf, loincCode } from '../parse/fields.js';
import type { Conflict, StoredItem } from '../types.js';
import {
  VITAL_SIGN_NAMES,
  conceptText,
  effectiveTime,
  minuteOf,
  observationNumbers,
  observationValue,
  orderIdOf,
} from '../values.js';
import type { PatientDirectory } from './directory.js';
import type { Resolution } from './resolve.js';

const HOUR_MS = 60 * 60_000;

/**
 * What the EHR recorded meanwhile that a reviewer must weigh before posting: the same dose given
 * twice, a different reading at the same minute, a bed someone else lies in. Shown, never resolved
 * automatically.
 */
export async function conflictsOf(
  item: StoredItem,
  resolution: Resolution,
  directory: PatientDirectory,
): Promise<Conflict[]> {
  if (item.kind === 'admission') return bedConflicts(item, resolution, directory);
  if (resolution.match !== 'matched') return [];
  const documented = item.resources[0];
  if (!documented) return [];
  const recorded = (await directory.resources(resolution.patientId)).filter(
    (resource) =>
      resource.resourceType === documented.resourceType &&
      identifierOf(resource, DOWNTIME_SYSTEM) === undefined,
  );
  if (item.kind === 'vital-signs') return vitalConflicts(documented, recorded);
  if (item.kind === 'medication-administration') return doseConflicts(documented, recorded);
  return [];
}

function vitalConflicts(documented: FhirResource, recorded: FhirResource[]): Conflict[] {
  const code = loincCode(documented.code);
  const at = effectiveTime(documented);
  const minute = at === null ? null : minuteOf(at);
  const numbers = JSON.stringify(observationNumbers(documented));
  if (code === undefined || minute === null) return [];
  const conflicts: Conflict[] = [];
  for (const resource of recorded) {
    const other = effectiveTime(resource);
    if (loincCode(resource.code) !== code || other === null || minuteOf(other) !== minute) continue;
    const same = JSON.stringify(observationNumbers(resource)) === numbers;
    conflicts.push({
      field: `${VITAL_SIGN_NAMES[code] ?? code} at ${minute.slice(0, 16)}Z${
        same ? ' (may have been recorded twice)' : ' (different value)'
      }`,
      downtime: observationValue(documented) ?? '?',
      ehr: observationValue(resource) ?? 'no value',
    });
  }
  return conflicts;
}

function doseConflicts(documented: FhirResource, recorded: FhirResource[]): Conflict[] {
  const at = Date.parse(effectiveTime(documented) ?? '');
  if (Number.isNaN(at)) return [];
  const order = orderIdOf(documented);
  const medication = conceptText(documented.medicationCodeableConcept);
  const conflicts: Conflict[] = [];
  for (const resource of recorded) {
    const when = effectiveTime(resource);
    const other = Date.parse(when ?? '');
    if (Number.isNaN(other) || Math.abs(other - at) > HOUR_MS) continue;
    const sameOrder =
      order !== null
        ? orderIdOf(resource) === order
        : medication !== null && conceptText(resource.medicationCodeableConcept) === medication;
    if (!sameOrder) continue;
    conflicts.push({
      field: 'Dose may have been documented twice',
      downtime: administrationText(documented),
      ehr: administrationText(resource),
    });
  }
  return conflicts;
}

function administrationText(resource: FhirResource): string {
  const status = typeof resource.status === 'string' ? resource.status : 'unknown status';
  const when = effectiveTime(resource) ?? 'unknown time';
  return `${conceptText(resource.medicationCodeableConcept) ?? 'medication'} ${status} at ${when}`;
}

async function bedConflicts(
  item: StoredItem,
  resolution: Resolution,
  directory: PatientDirectory,
): Promise<Conflict[]> {
  const facts = admissionFacts(item.resources);
  if (facts.location?.bed == null) return [];
  // The admitted patient themself, under any record the EHR may keep for them, is no conflict.
  const themselves = resolution.match === 'matched' ? [resolution.patient] : [];
  if (resolution.match === 'ambiguous') themselves.push(...resolution.candidates);
  const ids = new Set<string>(resolution.match === 'matched' ? [resolution.patientId] : []);
  const mrns = new Set<string>([facts.downtimeNumber]);
  for (const patient of themselves) {
    if (patient) ids.add(patient.id);
    if (patient?.mrn) mrns.add(patient.mrn);
  }
  return (await directory.occupants(facts.location))
    .filter(
      (occupant) =>
        !(occupant.patientId !== null && ids.has(occupant.patientId)) &&
        !(occupant.mrn !== null && mrns.has(occupant.mrn)),
    )
    .map((occupant) => ({
      field: 'Bed occupied by another patient',
      downtime: facts.locationText ?? '',
      ehr: `${occupant.display}${occupant.mrn === null ? '' : ` (MRN ${occupant.mrn})`}`,
    }));
}
