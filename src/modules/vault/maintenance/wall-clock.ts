import { LifelineError } from '../../../kernel/errors.js';
import type { KeepDuration } from './duration.js';

/**
 * A snapshot time as restic's policy sees it: buckets (hour, day, week, …) use the wall clock in the
 * offset recorded in the snapshot, the way Go's time.Time keeps the zone it was parsed with.
 */
export interface WallClock {
  /** Nanoseconds since the epoch: the instant, for ordering and windows. */
  ns: bigint;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fractionNs: bigint;
  offsetMin: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of a UTC wall time; setUTCFullYear because Date.UTC maps years 0–99 to 1900+. */
function utcMs(year: number, month: number, day: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

export function wallClock(text: string): WallClock {
  const m = RFC3339.exec(text);
  if (!m) throw new LifelineError('VAULT_DATA_CORRUPT', 'A snapshot time in the repository is malformed');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const zone = m[8] as string;
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  // Normalised through Date so that an out-of-range field cannot produce an impossible bucket.
  const norm = new Date(utcMs(year, month, day, hour, minute, second));
  const fractionNs = m[7] ? BigInt(m[7].padEnd(9, '0')) : 0n;
  return {
    ns: BigInt(norm.getTime() - offsetMin * 60_000) * 1_000_000n + fractionNs,
    year: norm.getUTCFullYear(),
    month: norm.getUTCMonth() + 1,
    day: norm.getUTCDate(),
    hour: norm.getUTCHours(),
    minute: norm.getUTCMinutes(),
    second: norm.getUTCSeconds(),
    fractionNs,
    offsetMin,
  };
}

/** ISO 8601 week-numbering year and week, as Go's Time.ISOWeek returns them. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(utcMs(year, month, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  // The Thursday of this week decides which year the week belongs to.
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const thursdayYear = date.getUTCFullYear();
  const firstThursday = new Date(utcMs(thursdayYear, 1, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return { year: thursdayYear, week };
}

/**
 * The instant `d` before `from`: calendar parts first (overflowing days roll over, as Go's AddDate
 * does), then whole hours.
 */
export function subtractDuration(from: WallClock, d: KeepDuration): bigint {
  const wallMs = utcMs(
    from.year - d.years,
    from.month - d.months,
    from.day - d.days,
    from.hour,
    from.minute,
    from.second,
  );
  return (
    BigInt(wallMs - from.offsetMin * 60_000) * 1_000_000n +
    from.fractionNs -
    BigInt(d.hours) * 3_600_000_000_000n
  );
}
