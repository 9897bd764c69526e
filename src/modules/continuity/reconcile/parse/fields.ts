import {
  type JsonObject,
  asArray,
  asNumber,
  asObject,
  asString,
  isObject,
  objectsOf,
} from '../../fhir/resource.js';
import { isFhirDate, isFhirId, isFhirInstant } from '../../fhir/validate/datatypes.js';

/**
 * Small readers over the viewer's FHIR JSON. A reader that finds the element malformed throws an
 * `Invalid` with a reason naming elements only, never their content, so it can be shown and stored.
 */
export { type JsonObject, asArray, asNumber, asObject, asString, isObject, objectsOf };

export const DOWNTIME_SYSTEM = 'urn:lifeline:downtime';
export const DOWNTIME_ID_SYSTEM = 'urn:lifeline:downtime-id';
export const DOWNTIME_EXPORT_SYSTEM = 'urn:lifeline:downtime-export';
export const KIT_SYSTEM = 'urn:lifeline:kit';
export const LOINC = 'http://loinc.org';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Invalid extends Error {}

export function invalid(reason: string): never {
  throw new Invalid(reason);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `urn:uuid:<uuid>` → the uuid, lower case; anything else → undefined. */
export function urnUuid(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('urn:uuid:')) return undefined;
  const uuid = value.slice('urn:uuid:'.length);
  return isUuid(uuid) ? uuid.toLowerCase() : undefined;
}

/** The value of the resource's identifier of `system`, when there is exactly one. */
export function identifierOf(resource: JsonObject, system: string): string | undefined {
  const values = objectsOf(resource.identifier)
    .filter((identifier) => identifier.system === system)
    .map((identifier) => asString(identifier.value));
  return values.length === 1 ? values[0] : undefined;
}

/** The downtime uuid a documented resource carries; it must equal the uuid of its entry. */
export function downtimeUuidOf(resource: JsonObject, entryUuid: string): string {
  const value = identifierOf(resource, DOWNTIME_SYSTEM);
  if (!isUuid(value)) invalid(`identifier ${DOWNTIME_SYSTEM} is missing or not a uuid`);
  if (value.toLowerCase() !== entryUuid)
    invalid(`identifier ${DOWNTIME_SYSTEM} differs from the entry fullUrl`);
  return entryUuid;
}

export function instant(value: unknown, element: string): string {
  if (!isFhirInstant(value)) invalid(`${element} is missing or not a date and time with a zone`);
  return value as string;
}

export function optionalDate(value: unknown, element: string): string | null {
  if (value === undefined) return null;
  if (!isFhirDate(value) || (value as string).length !== 10) invalid(`${element} is not a full date`);
  return value as string;
}

/** `Patient/<id>` or `urn:uuid:<uuid>` (a patient admitted during downtime). */
export function subjectOf(resource: JsonObject, element = 'subject', label = element): string {
  const reference = asObject(resource[element])?.reference;
  if (typeof reference === 'string') {
    const uuid = urnUuid(reference);
    if (uuid) return `urn:uuid:${uuid}`;
    if (reference.startsWith('Patient/') && isFhirId(reference.slice('Patient/'.length))) return reference;
  }
  return invalid(`${label} is not a Patient reference`);
}

/** Free text a person typed (a name, a note): bounded, control characters out. */
export function text(value: unknown, element: string, max = 200): string {
  const found = asString(value);
  if (found === undefined) invalid(`${element} is missing`);
  return clean(found, max);
}

export function optionalText(value: unknown, max = 200): string | null {
  const found = asString(value);
  return found === undefined ? null : clean(found, max);
}

function clean(value: string, max: number): string {
  const stripped = value.replace(/\p{Cc}+/gu, ' ').trim();
  return stripped.length > max ? `${stripped.slice(0, max - 1)}…` : stripped;
}

export function codings(concept: unknown): JsonObject[] {
  return objectsOf(asObject(concept)?.coding);
}

export function hasCoding(concept: unknown, code: string, system?: string): boolean {
  return codings(concept).some(
    (coding) => coding.code === code && (system === undefined || coding.system === system),
  );
}

/** The LOINC code of a concept, when it has one. */
export function loincCode(concept: unknown): string | undefined {
  return asString(codings(concept).find((coding) => coding.system === LOINC)?.code);
}
