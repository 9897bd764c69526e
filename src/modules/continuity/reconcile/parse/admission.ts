import type { FhirResource } from '../../fhir/index.js';
import type { KitLocation } from '../../types.js';
import type { ParsedItem } from '../types.js';
import {
  DOWNTIME_ID_SYSTEM,
  type JsonObject,
  asArray,
  asObject,
  asString,
  downtimeUuidOf,
  identifierOf,
  instant,
  invalid,
  objectsOf,
  optionalDate,
  optionalText,
  text,
  urnUuid,
} from './fields.js';

/**
 * A patient admitted during downtime: the viewer's new Patient (with the downtime id handed out on
 * paper or on screen) and the Encounter placing them in a bed. Reviewed and posted as one item.
 */
export interface AdmissionFacts {
  /** The downtime id staff wrote on the wristband and forms, e.g. DT-ICU-0001. */
  downtimeNumber: string;
  family: string;
  given: string;
  birthDate: string | null;
  gender: string | null;
  location: KitLocation | null;
  locationText: string | null;
  admittedAt: string | null;
}

const GENDERS = new Set(['male', 'female', 'other', 'unknown']);

export function admittedPatient(resource: JsonObject, uuid: string): { uuid: string; patient: FhirResource } {
  const downtimeId = downtimeUuidOf(resource, uuid);
  readPatient(resource);
  return { uuid: downtimeId, patient: resource as FhirResource };
}

/** The Encounter's own uuid and the uuid of the admitted Patient it belongs to. */
export function admissionEncounter(
  resource: JsonObject,
  uuid: string,
): { uuid: string; patientUuid: string; encounter: FhirResource } {
  const own = downtimeUuidOf(resource, uuid);
  const patientUuid = urnUuid(asObject(resource.subject)?.reference);
  if (patientUuid === undefined) invalid('Encounter.subject is not the admitted patient of the bundle');
  if (typeof resource.status !== 'string') invalid('Encounter.status is missing');
  instant(asObject(resource.period)?.start, 'Encounter.period.start');
  return { uuid: own, patientUuid, encounter: resource as FhirResource };
}

export function admissionItem(
  patient: { uuid: string; patient: FhirResource },
  encounter: FhirResource | null,
): ParsedItem {
  const resources = encounter === null ? [patient.patient] : [patient.patient, encounter];
  const facts = admissionFacts(resources);
  const person = [
    `${facts.family}${facts.given === '' ? '' : `, ${facts.given}`}`,
    facts.birthDate === null ? null : `born ${facts.birthDate}`,
    facts.gender,
  ].filter((part) => part !== null);
  return {
    kind: 'admission',
    downtimeId: patient.uuid,
    subject: `urn:uuid:${patient.uuid}`,
    recordedAt: facts.admittedAt,
    recordedBy: null,
    summary: `Admitted during downtime as ${facts.downtimeNumber}: ${person.join(', ')}${
      facts.locationText === null ? '' : `; ${facts.locationText}`
    }`,
    resources,
  };
}

function readPatient(resource: JsonObject): Omit<AdmissionFacts, 'location' | 'locationText' | 'admittedAt'> {
  const downtimeNumber = identifierOf(resource, DOWNTIME_ID_SYSTEM);
  if (downtimeNumber === undefined || downtimeNumber.length > 64)
    invalid(`Patient identifier ${DOWNTIME_ID_SYSTEM} is missing`);
  const name = objectsOf(resource.name)[0];
  const family = text(name?.family, 'Patient.name.family', 100);
  const given = asArray(name?.given)
    .map((part) => asString(part))
    .filter((part): part is string => part !== undefined)
    .join(' ');
  const gender = asString(resource.gender) ?? null;
  if (gender !== null && !GENDERS.has(gender)) invalid('Patient.gender is not a FHIR gender');
  return {
    downtimeNumber,
    family,
    given: optionalText(given, 100) ?? '',
    birthDate: optionalDate(resource.birthDate, 'Patient.birthDate'),
    gender,
  };
}

/** What an admission item says, from its stored resources (the Patient first). */
export function admissionFacts(resources: readonly FhirResource[]): AdmissionFacts {
  const [patient, encounter] = resources;
  if (!patient) return invalid('The admission holds no Patient');
  const location = optionalText(asObject(asObject(asArray(encounter?.location)[0])?.location)?.display, 120);
  return {
    ...readPatient(patient),
    location: location === null ? null : parseLocation(location),
    locationText: location,
    admittedAt: asString(asObject(encounter?.period)?.start) ?? null,
  };
}

/** "unit / room / bed", as the viewer writes an Encounter's location. */
export function parseLocation(display: string): KitLocation | null {
  const [unit, room, bed] = display.split(' / ').map((part) => part.trim());
  if (!unit) return null;
  return { unit, room: room ? room : null, bed: bed ? bed : null };
}
