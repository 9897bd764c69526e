import type { EventFields, FieldValue } from '../types.js';

export type DedupField = string | readonly string[];

const MAX_VALUE_LENGTH = 256;

/**
 * Separators and the escape character are percent-encoded inside values, so two different sets of
 * values never produce the same key (a log line cannot fold itself into another host's alert).
 */
function escapeValue(value: string): string {
  return value
    .slice(0, MAX_VALUE_LENGTH)
    .replace(/[%|=,\p{Cc}]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function render(value: FieldValue): string | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== null).map((item) => escapeValue(String(item)));
    return items.length > 0 ? items.join(',') : undefined;
  }
  const text = String(value);
  return text === '' ? undefined : escapeValue(text);
}

/**
 * The key that folds repeated matches of one rule into one alert: `field=value` for each configured
 * field present in the event (for alternatives, the first present), or the source's name when none is.
 */
export function dedupKey(fields: EventFields, wanted: readonly DedupField[], sourceName: string): string {
  const parts: string[] = [];
  for (const entry of wanted) {
    const names = typeof entry === 'string' ? [entry] : entry;
    for (const name of names) {
      const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
      const rendered = value === undefined ? undefined : render(value);
      if (rendered === undefined) continue;
      parts.push(`${name}=${rendered}`);
      break;
    }
  }
  return parts.length > 0 ? parts.join(' | ') : `source=${escapeValue(sourceName)}`;
}

/** The event fields that went into a key, for a default false-positive filter. */
export function dedupFieldNames(fields: EventFields, wanted: readonly DedupField[]): string[] {
  const names: string[] = [];
  for (const entry of wanted) {
    const found = (typeof entry === 'string' ? [entry] : entry).find((name) => {
      const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
      return value !== undefined && render(value) !== undefined;
    });
    if (found) names.push(found);
  }
  return names;
}
