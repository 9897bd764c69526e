import { type FhirResource, type JsonObject, asObject, asString, objectsOf } from './resource.js';
import { parseReference } from './validate/references.js';

/**
 * The patient a resource is about, as a Patient id, or undefined. Resources name their patient in
 * `subject` (most clinical resources), `patient` (AllergyIntolerance, Immunization, Claim, …),
 * `beneficiary` (Coverage) or, for an Appointment, a participant. `urn:uuid:` references count only
 * when a Patient in the same input has that UUID as its id (the bundle reader has usually rewritten
 * them already).
 */
export function patientIdOf(
  resource: FhirResource,
  knownPatientIds: ReadonlySet<string>,
): string | undefined {
  for (const key of ['subject', 'patient', 'beneficiary']) {
    const id = patientIdFromReference(asObject(resource[key]), knownPatientIds);
    if (id !== undefined) return id;
  }
  if (resource.resourceType === 'Appointment') {
    for (const participant of objectsOf(resource.participant)) {
      const id = patientIdFromReference(asObject(participant.actor), knownPatientIds);
      if (id !== undefined) return id;
    }
  }
  return undefined;
}

export function patientIdFromReference(
  reference: JsonObject | undefined,
  knownPatientIds: ReadonlySet<string>,
): string | undefined {
  const text = asString(reference?.reference);
  if (text === undefined) return undefined;
  const parsed = parseReference(text);
  if (parsed?.kind === 'literal') return parsed.type === 'Patient' ? parsed.id : undefined;
  if (parsed?.kind === 'urn' && parsed.urn.startsWith('urn:uuid:')) {
    const uuid = parsed.urn.slice('urn:uuid:'.length);
    return knownPatientIds.has(uuid) ? uuid : undefined;
  }
  return undefined;
}

/** The id a `Type/id` (or absolute) reference points at, when it points at `type`. */
export function referencedId(reference: unknown, type: string): string | undefined {
  const text = asString(asObject(reference)?.reference);
  if (text === undefined) return undefined;
  const parsed = parseReference(text);
  return parsed?.kind === 'literal' && parsed.type === type ? parsed.id : undefined;
}
