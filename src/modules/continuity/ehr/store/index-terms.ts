import { parseLocalReference, type FhirResource } from '../fhir-types.js';

/**
 * What the store remembers about a resource besides its JSON, so searches never parse every resource:
 * the patient it belongs to, and its search terms as one string of `\nparam=value\n` lines (one string
 * costs far less memory than an array of small strings when a site holds a million resources).
 */
export interface IndexTerms {
  patientId: string | null;
  /** `\n`-separated `param=value` lines, with a leading and trailing `\n`. */
  terms: string;
  /** The `identifier` lines alone, for the store's exact-match index. */
  identifiers: string[];
}

/** FHIR string search ignores case and accents. */
export function normaliseText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function clean(value: string): string {
  return value.replace(/[\n\r]/g, ' ');
}

function tokenTerms(param: string, concepts: unknown, into: string[]): void {
  for (const concept of asArray(concepts)) {
    for (const coding of asArray(asObject(concept)?.coding)) {
      const object = asObject(coding);
      const code = object?.code;
      if (typeof code !== 'string') continue;
      const system = typeof object?.system === 'string' ? object.system : '';
      into.push(`${param}=${clean(system)}|${clean(code)}`, `${param}=${clean(code)}`);
    }
  }
}

function patientFrom(resource: FhirResource): string | null {
  if (resource.resourceType === 'Patient') return resource.id ?? null;
  const candidates: unknown[] = [resource.subject, resource.patient, resource.beneficiary];
  if (resource.resourceType === 'Appointment') {
    for (const participant of asArray(resource.participant)) candidates.push(asObject(participant)?.actor);
  }
  for (const candidate of candidates) {
    const reference = asObject(candidate)?.reference;
    if (typeof reference !== 'string') continue;
    const parsed = parseLocalReference(reference);
    if (parsed?.type === 'Patient') return parsed.id;
  }
  return null;
}

function nameTerms(resource: FhirResource, into: string[]): void {
  for (const name of asArray(resource.name)) {
    const object = asObject(name);
    if (!object) continue;
    const parts: [string, unknown][] = [
      ['family', object.family],
      ...asArray(object.given).map((given): [string, unknown] => ['given', given]),
      ['text', object.text],
    ];
    for (const [param, value] of parts) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      const normalised = clean(normaliseText(value));
      if (param !== 'text') into.push(`${param}=${normalised}`);
      into.push(`name=${normalised}`);
      // "Van den Bossche" must also be found by "bossche".
      for (const word of normalised.split(/\s+/).slice(1)) into.push(`name=${word}`);
    }
  }
}

export function indexTerms(resource: FhirResource): IndexTerms {
  const lines: string[] = [];
  const identifiers: string[] = [];
  for (const identifier of asArray(resource.identifier)) {
    const object = asObject(identifier);
    if (typeof object?.value !== 'string') continue;
    const system = typeof object.system === 'string' ? object.system : '';
    identifiers.push(
      `identifier=${clean(system)}|${clean(object.value)}`,
      `identifier=${clean(object.value)}`,
    );
  }
  lines.push(...identifiers);
  if (typeof resource.status === 'string') lines.push(`status=${clean(resource.status)}`);
  tokenTerms('category', resource.category, lines);
  tokenTerms('code', resource.code ?? resource.medicationCodeableConcept ?? resource.vaccineCode, lines);
  if (resource.resourceType === 'Patient') {
    nameTerms(resource, lines);
    if (typeof resource.birthDate === 'string') lines.push(`birthdate=${clean(resource.birthDate)}`);
    if (typeof resource.gender === 'string') lines.push(`gender=${clean(resource.gender)}`);
  }
  if (resource.resourceType === 'Encounter') {
    const classCode = asObject(resource.class)?.code;
    if (typeof classCode === 'string') lines.push(`class=${clean(classCode)}`);
    for (const location of asArray(resource.location)) {
      const reference = asObject(asObject(location)?.location)?.reference;
      if (typeof reference === 'string') lines.push(`location=${clean(reference)}`);
    }
  }
  if (resource.resourceType === 'Group') {
    for (const member of asArray(resource.member)) {
      const reference = asObject(asObject(member)?.entity)?.reference;
      if (typeof reference === 'string') lines.push(`member=${clean(reference)}`);
    }
  }
  return { patientId: patientFrom(resource), terms: `\n${lines.join('\n')}\n`, identifiers };
}
