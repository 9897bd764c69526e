import type { EventFields, FieldValue } from '../../types.js';

/** Reads an event's own field only: a field named `constructor` must not find Object's. */
export function fieldOf(fields: EventFields, name: string): FieldValue | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** A field value as group or distinct-count text; absent, null and empty lists have none. */
export function fieldText(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value.length === 0 ? undefined : JSON.stringify(value);
}

/** A field value as a number for sums, averages and percentiles: numbers and numeric text. */
export function fieldNumber(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
