import { hl7Error } from '../errors.js';

/**
 * HL7 v2 timestamps (TS/DTM: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]) and ISO 8601.
 *
 * A timestamp without an offset is read as UTC. HL7 says it is then the sender's local time, which
 * the receiver cannot know; interfaces that send local time without an offset must be configured to
 * send one (most engines can), otherwise census times shift by the local offset.
 */
const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

interface TsParts {
  year: string;
  month: string | undefined;
  day: string | undefined;
  time: string;
  offset: string;
}

function readTs(value: string, field: string): TsParts {
  const m = TS.exec(value.trim());
  if (!m) throw invalid(field);
  const [
    ,
    year = '',
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    sign,
    offsetHours = '00',
    offsetMinutes = '00',
  ] = m;
  const date = new Date(Date.UTC(Number(year), Number(month ?? '01') - 1, Number(day ?? '01')));
  const valid =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month ?? '01') - 1 &&
    date.getUTCDate() === Number(day ?? '01') &&
    Number(hour ?? 0) < 24 &&
    Number(minute ?? 0) < 60 &&
    Number(second ?? 0) < 60 &&
    Number(offsetHours) <= 14 &&
    Number(offsetMinutes) < 60;
  if (!valid) throw invalid(field);
  const utc = sign === undefined || (offsetHours === '00' && offsetMinutes === '00');
  return {
    year,
    month,
    day,
    time: `${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}${fraction ? `.${fraction}` : ''}`,
    offset: utc ? 'Z' : `${sign}${offsetHours}:${offsetMinutes}`,
  };
}

/** An HL7 timestamp as ISO 8601 with an offset: `20261126083000+0100` → `2026-11-26T08:30:00+01:00`. */
export function hl7TimeToIso(value: string, field: string): string {
  const parts = readTs(value, field);
  return `${parts.year}-${parts.month ?? '01'}-${parts.day ?? '01'}T${parts.time}${parts.offset}`;
}

/** The date part of an HL7 timestamp, keeping its precision: `19500317` → `1950-03-17`, `1950` → `1950`. */
export function hl7DateToIso(value: string, field: string): string {
  const parts = readTs(value, field);
  return [parts.year, parts.month, parts.day].filter((part) => part !== undefined).join('-');
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** ISO 8601 date-time with an offset → HL7 TS, keeping the offset: `…T08:30:00Z` → `20261126083000+0000`. */
export function isoToHl7Time(iso: string, what: string): string {
  const m = ISO.exec(iso);
  if (!m) {
    throw hl7Error('CONTINUITY_HL7_EVENT_INVALID', `${what} must be an ISO 8601 date-time with an offset`, {
      field: what,
    });
  }
  const [, y, mo, d, h, mi, s = '00', fraction, zulu, sign = '+', oh = '00', om = '00'] = m;
  const seconds = fraction ? `${s}.${fraction.slice(0, 4)}` : s;
  return `${y}${mo}${d}${h}${mi}${seconds}${zulu ? '+0000' : `${sign}${oh}${om}`}`;
}

/** YYYY, YYYY-MM or YYYY-MM-DD → the HL7 date of the same precision. */
export function isoDateToHl7(date: string, what: string): string {
  if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(date)) {
    throw hl7Error('CONTINUITY_HL7_EVENT_INVALID', `${what} must be a date like 1950-03-17`, { field: what });
  }
  return date.replaceAll('-', '');
}

/** A clock reading as an HL7 TS in UTC, for MSH-7. */
export function dateToHl7Time(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '+0000');
}

function invalid(field: string) {
  return hl7Error('CONTINUITY_HL7_FIELD_INVALID', `${field} is not an HL7 timestamp`, { field });
}
