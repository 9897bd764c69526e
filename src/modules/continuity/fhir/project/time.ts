import { type JsonObject, asObject, asString } from '../resource.js';

/** A FHIR date, dateTime or instant as epoch milliseconds; partial dates count from their start. */
export function toMillis(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
}

/**
 * The time a choice element `prefix[x]` stands for: a dateTime or instant as is, a Period by its
 * start, free text (onsetString, performedString) as written.
 */
export function choiceTime(resource: JsonObject, prefix: string): string | undefined {
  return (
    asString(resource[`${prefix}DateTime`]) ??
    asString(resource[`${prefix}Instant`]) ??
    asString(asObject(resource[`${prefix}Period`])?.start) ??
    asString(resource[`${prefix}String`])
  );
}

export const HOUR_MS = 3_600_000;
