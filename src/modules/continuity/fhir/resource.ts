/**
 * FHIR R4 JSON handled as plain objects: parsers and projections read only the elements they need,
 * so a resource carries everything the source sent, untouched, to whoever reads it next.
 */
export type FhirResource = {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
  [key: string]: unknown;
};

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** The elements of a FHIR list, or none when the element is absent or not a list. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** A non-blank string, else undefined: FHIR forbids empty strings, so they count as absent. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The objects of a list element, skipping anything malformed. */
export function objectsOf(value: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of asArray(value)) if (isObject(item)) out.push(item);
  return out;
}
