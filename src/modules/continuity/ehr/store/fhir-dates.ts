/**
 * FHIR date search: a parameter value is a prefix and a date or dateTime of some precision, which stands
 * for a range; a resource's value is a range too. Comparison follows the R4 search page's definitions.
 */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

export interface DateRange {
  /** Inclusive, milliseconds since the epoch. */
  start: number;
  /** Exclusive. */
  end: number;
}

export interface DateParameter extends DateRange {
  prefix: DatePrefix;
}

const PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The range a FHIR date, dateTime or instant covers; null when it is not one. Zone-less times are UTC. */
export function dateRange(value: string): DateRange | null {
  const match = PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = month === undefined ? 1 : Number(month);
  const d = day === undefined ? 1 : Number(day);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59))
    return null;
  let offsetMs = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const fractionMs = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const start =
    Date.UTC(y, mo - 1, d, Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), fractionMs) -
    offsetMs;
  // Date.UTC rolls 31 February into March; a real calendar date must come back unchanged.
  if (day !== undefined && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  let end: number;
  if (month === undefined) end = Date.UTC(y + 1, 0, 1);
  else if (day === undefined) end = Date.UTC(y, mo, 1);
  else if (hour === undefined) end = Date.UTC(y, mo - 1, d + 1);
  else if (second === undefined) end = start + 60_000;
  else if (fraction === undefined) end = start + 1000;
  else end = start + 1;
  return { start, end };
}

export function parseDateParameter(value: string): DateParameter | null {
  const prefixed = /^(eq|ne|gt|lt|ge|le|sa|eb)/.exec(value);
  const prefix = (prefixed?.[1] ?? 'eq') as DatePrefix;
  const range = dateRange(prefixed ? value.slice(2) : value);
  return range ? { prefix, ...range } : null;
}

export function matchesDate(parameter: DateParameter, target: DateRange): boolean {
  const contained = target.start >= parameter.start && target.end <= parameter.end;
  switch (parameter.prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return !contained;
    case 'gt':
      return target.end > parameter.end;
    case 'lt':
      return target.start < parameter.start;
    case 'ge':
      return target.end > parameter.end || contained;
    case 'le':
      return target.start < parameter.start || contained;
    case 'sa':
      return target.start >= parameter.end;
    case 'eb':
      return target.end <= parameter.start;
  }
}
