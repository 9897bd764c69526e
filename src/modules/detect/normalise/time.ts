const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An event's own timestamp as ISO 8601 UTC with milliseconds, or undefined when the value is not
 * one. Accepts ISO-like strings (Windows' 7-digit fractions, a space instead of `T`, no zone meaning
 * UTC as Sysmon's UtcTime and auditd do) and epoch numbers in seconds or milliseconds.
 */
export function toIsoTime(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = ISO_LIKE.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone === 'Z' || zone === 'z' || zone === 'UTC' ? 'Z' : normaliseOffset(zone);
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, '0')}`;
}

/** Seconds below 1e11 (until the year 5138), milliseconds below 1e14; anything else is no time. */
export function fromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const millis = value < 1e11 ? value * 1000 : value < 1e14 ? value : undefined;
  if (millis === undefined) return undefined;
  const date = new Date(Math.round(millis));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
