/**
 * The parts of a timestamp that the time modifiers compare. As the modifier appendix asks, no time
 * zone conversion happens: an ISO 8601 text is read as written. Epoch numbers (seconds, or
 * milliseconds when large) and other date texts are read in UTC.
 */
import type { TimePart } from '../sigma/index.js';
import type { FieldValue } from '../types.js';

const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
}

export function timePartOf(value: FieldValue | undefined, part: TimePart): number | undefined {
  const parts = readParts(value);
  if (!parts) return undefined;
  switch (part) {
    case 'year':
      return parts.year;
    case 'month':
      return parts.month;
    case 'day':
      return parts.day;
    case 'week':
      return isoWeek(parts.year, parts.month, parts.day);
    case 'hour':
      return parts.hour;
    case 'minute':
      return parts.minute;
  }
}

function readParts(value: FieldValue | undefined): Parts | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? fromDate(epochDate(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  const iso = ISO.exec(value);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    if (iso[4] === undefined) return { year, month, day };
    return { year, month, day, hour: Number(iso[4]), minute: Number(iso[5]) };
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return fromDate(epochDate(Number(trimmed)));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : fromDate(new Date(parsed));
}

function epochDate(value: number): Date {
  return new Date(Math.abs(value) >= 1e11 ? value : value * 1000);
}

function fromDate(date: Date): Parts | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

/** ISO 8601 week number: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
