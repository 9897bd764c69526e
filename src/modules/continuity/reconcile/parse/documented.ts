import type { FhirResource } from '../../fhir/index.js';
import type { ParsedItem } from '../types.js';
import { VITAL_SIGN_NAMES, conceptText, observationValue, orderIdOf } from '../values.js';
import {
  type JsonObject,
  asArray,
  asObject,
  asString,
  downtimeUuidOf,
  hasCoding,
  instant,
  invalid,
  loincCode,
  optionalText,
  subjectOf,
} from './fields.js';

/** Vital signs, medication administrations and notes as the viewer documents them, one item each. */

function firstDisplay(list: unknown, path: 'display' | 'actor'): string | null {
  const first = asObject(asArray(list)[0]);
  const holder = path === 'actor' ? asObject(first?.actor) : first;
  return optionalText(holder?.display, 100);
}

export function vitalSign(resource: JsonObject, uuid: string): ParsedItem {
  const downtimeId = downtimeUuidOf(resource, uuid);
  if (!asArray(resource.category).some((category) => hasCoding(category, 'vital-signs')))
    invalid('Observation.category is not vital-signs');
  const code = loincCode(resource.code);
  const name = code === undefined ? undefined : VITAL_SIGN_NAMES[code];
  if (name === undefined) invalid('Observation.code is not a vital sign the viewer records');
  if (typeof resource.status !== 'string') invalid('Observation.status is missing');
  const value = observationValue(resource);
  if (value === null) invalid('Observation has no numeric value');
  return {
    kind: 'vital-signs',
    downtimeId,
    subject: subjectOf(resource),
    recordedAt: instant(resource.effectiveDateTime, 'Observation.effectiveDateTime'),
    recordedBy: firstDisplay(resource.performer, 'display'),
    summary: `${name} ${value}`,
    resources: [resource as FhirResource],
  };
}

export function administration(resource: JsonObject, uuid: string): ParsedItem {
  const downtimeId = downtimeUuidOf(resource, uuid);
  const status = resource.status;
  if (status !== 'completed' && status !== 'not-done')
    invalid('MedicationAdministration.status is neither completed nor not-done');
  const medication = conceptText(resource.medicationCodeableConcept);
  if (medication === null) invalid('MedicationAdministration.medicationCodeableConcept is missing');
  if (resource.request !== undefined && orderIdOf(resource) === null)
    invalid('MedicationAdministration.request is not a MedicationRequest reference');
  const dosage = optionalText(asObject(resource.dosage)?.text, 120);
  const reason = optionalText(asObject(asArray(resource.statusReason)[0])?.text, 120);
  const given = status === 'completed' ? 'given' : `not given${reason === null ? '' : ` (${reason})`}`;
  return {
    kind: 'medication-administration',
    downtimeId,
    subject: subjectOf(resource),
    recordedAt: instant(resource.effectiveDateTime, 'MedicationAdministration.effectiveDateTime'),
    recordedBy: firstDisplay(resource.performer, 'actor'),
    summary: `${optionalText(medication, 120) ?? ''}${dosage === null ? '' : ` ${dosage}`}: ${given}`,
    resources: [resource as FhirResource],
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function noteText(resource: JsonObject): string {
  const attachment = asObject(asObject(asArray(resource.content)[0])?.attachment);
  if (attachment?.contentType !== 'text/plain') invalid('DocumentReference attachment is not text/plain');
  const data = asString(attachment.data);
  if (data === undefined || !BASE64.test(data)) invalid('DocumentReference attachment data is not base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(data, 'base64'));
  } catch {
    return invalid('DocumentReference attachment is not UTF-8 text');
  }
}

export function note(resource: JsonObject, uuid: string): ParsedItem {
  const downtimeId = downtimeUuidOf(resource, uuid);
  if (resource.status !== 'current') invalid('DocumentReference.status is not current');
  const body = noteText(resource);
  if (body.trim() === '') invalid('DocumentReference holds an empty note');
  return {
    kind: 'note',
    downtimeId,
    subject: subjectOf(resource),
    recordedAt: instant(resource.date, 'DocumentReference.date'),
    recordedBy: firstDisplay(resource.author, 'display'),
    summary: `Note: ${optionalText(body.replace(/\s+/g, ' '), 240) ?? ''}`,
    resources: [resource as FhirResource],
  };
}
