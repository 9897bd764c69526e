import { LifelineError } from '../../../../kernel/errors.js';
import { CONTINUITY_FHIR_ERRORS } from '../errors.js';
import { type FhirResource, type JsonObject, asArray, asString, objectsOf } from '../resource.js';
import { hasCode } from './concept.js';

const IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const MEDICAL_RECORD_NUMBER = new Set(['MR']);
const NAME_PREFERENCE = ['official', 'usual'];
const NAME_NOT_CURRENT = new Set(['old', 'maiden', 'anonymous']);

/** The one Patient the resources are about; two different ones would mix two people's records. */
export function thePatient(resources: readonly FhirResource[]): FhirResource & { id: string } {
  let found: (FhirResource & { id: string }) | undefined;
  let patients = 0;
  for (const resource of resources) {
    if (resource.resourceType !== 'Patient') continue;
    patients += 1;
    if (resource.id === undefined) continue;
    if (found && found.id !== resource.id) {
      const code = 'CONTINUITY_FHIR_PATIENT_AMBIGUOUS';
      throw new LifelineError(code, CONTINUITY_FHIR_ERRORS[code].title, { patients });
    }
    found ??= resource as FhirResource & { id: string };
  }
  if (!found)
    throw new LifelineError('CONTINUITY_FHIR_PATIENT_MISSING', undefined, { resources: resources.length });
  return found;
}

/** The identifier typed MR (HL7 v2 table 0203), else the first one: what clinicians search by. */
export function medicalRecordNumber(patient: JsonObject): string | null {
  const identifiers = objectsOf(patient.identifier);
  const typed = identifiers.find((item) => hasCode(item.type, IDENTIFIER_TYPE, MEDICAL_RECORD_NUMBER));
  const chosen = typed ?? identifiers.find((item) => asString(item.value) !== undefined);
  return asString(chosen?.value) ?? null;
}

export function patientName(patient: JsonObject): { family: string; given: string } {
  const names = objectsOf(patient.name);
  const name =
    NAME_PREFERENCE.map((use) => names.find((item) => item.use === use)).find((item) => item !== undefined) ??
    names.find((item) => !NAME_NOT_CURRENT.has(item.use as string)) ??
    names[0];
  const given = asArray(name?.given).filter((part): part is string => typeof part === 'string');
  const family = asString(name?.family);
  if (family === undefined && given.length === 0) return { family: asString(name?.text) ?? '', given: '' };
  return { family: family ?? '', given: given.join(' ') };
}

export function birthDate(patient: JsonObject): string | null {
  return asString(patient.birthDate) ?? null;
}

export function gender(patient: JsonObject): string | null {
  return asString(patient.gender) ?? null;
}
