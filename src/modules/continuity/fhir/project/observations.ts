import { type JsonObject, asArray, asObject, asString, objectsOf } from '../resource.js';
import { anyHasCode, hasCode } from './concept.js';

export type ObservationKind = 'vital' | 'result' | 'other';

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const LOINC = 'http://loinc.org';
const RESULT_CATEGORIES = new Set(['laboratory', 'imaging', 'procedure', 'exam']);
const VITAL_CATEGORY = new Set(['vital-signs']);

/** The codes of the FHIR R4 vital signs profiles (https://hl7.org/fhir/R4/observation-vitalsigns.html). */
const VITAL_LOINC = new Set([
  '85353-1',
  '9279-1',
  '8867-4',
  '2708-6',
  '59408-5',
  '8310-5',
  '8302-2',
  '9843-4',
  '29463-7',
  '39156-5',
  '85354-9',
  '8480-6',
  '8462-4',
]);

/**
 * CIEL concepts for vital signs as OpenMRS writes them: the concept number padded with "A" to a
 * 36-character UUID (5088AAAA…). Synthea's OpenMRS-flavoured modules emit these, labelled with the
 * LOINC system and the "survey" category, so they are recognised by code whatever the system says.
 */
const VITAL_CIEL = new Set(['5085', '5086', '5087', '5088', '5089', '5090', '5092', '5242', '1342']);
const CIEL_UUID = /^([0-9]+)A+$/;

const NOT_SHOWN_STATUSES = new Set(['entered-in-error', 'cancelled']);

export function isShownObservation(observation: JsonObject): boolean {
  return !NOT_SHOWN_STATUSES.has(observation.status as string);
}

/**
 * Vital signs by category or by code (the vital signs profile makes the code decisive), results by
 * the result categories. Survey, social history and similar categories are not part of a kit.
 * Observations with no category at all count as results, as in IPS documents that omit it.
 */
export function observationKind(observation: JsonObject): ObservationKind {
  const categories = observation.category;
  if (anyHasCode(categories, CATEGORY, VITAL_CATEGORY) || isVitalCode(observation.code)) return 'vital';
  if (anyHasCode(categories, CATEGORY, RESULT_CATEGORIES)) return 'result';
  return asArray(categories).length === 0 ? 'result' : 'other';
}

function isVitalCode(code: unknown): boolean {
  if (hasCode(code, LOINC, VITAL_LOINC)) return true;
  for (const coding of objectsOf(asObject(code)?.coding)) {
    const value = asString(coding.code);
    if (value === undefined || value.length !== 36) continue;
    const concept = CIEL_UUID.exec(value)?.[1];
    if (concept !== undefined && VITAL_CIEL.has(concept)) return true;
  }
  return false;
}

/** A panel only groups other Observations (hasMember) and is shown through them. */
export function isPanelOnly(observation: JsonObject, value: string | undefined): boolean {
  return value === undefined && asArray(observation.hasMember).length > 0;
}
