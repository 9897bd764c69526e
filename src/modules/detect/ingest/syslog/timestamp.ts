/**
 * Timestamps as syslog senders write them, turned into ISO 8601 UTC. Every pattern is anchored and
 * free of nested repetition, so no input can make matching slow.
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
}

/** Epoch milliseconds of a wall-clock time at a UTC offset, or undefined when a part is out of range. */
function toEpoch(civil: Civil, offsetMinutes: number): number | undefined {
  const { year, month, day, hour, minute } = civil;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || civil.second > 60) return undefined;
  // A leap second is kept inside its minute: JavaScript time has no 60th second.
  const second = Math.min(civil.second, 59);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, civil.millis);
  return date.getTime() - offsetMinutes * 60_000;
}

function fractionMillis(fraction: string | undefined): number {
  return fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
}

/** An RFC 3339 timestamp (the RFC 5424 form, also what rsyslog writes) as ISO 8601 UTC. */
export function parseRfc3339(text: string): string | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  let offset = 0;
  if (!zulu) {
    const hours = Number(oh);
    const minutes = Number(om);
    if (hours > 23 || minutes > 59) return undefined;
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const epoch = toEpoch(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      millis: fractionMillis(fraction),
    },
    offset,
  );
  return epoch === undefined ? undefined : new Date(epoch).toISOString();
}

// `Mmm dd [yyyy] hh:mm:ss[.fff] [yyyy] [ZONE]`, optionally marked `*` or `.` (Cisco: clock unsynced)
// and followed by a colon (Cisco again). A zone is only taken before that colon, where Cisco puts
// it; elsewhere an upper-case word is the host name.
const BSD =
  /^[*.]?([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (\d{4}))?(?: ([A-Z]{2,5})(?=:))?:?(?= |$)/;

export interface BsdTimestamp {
  readonly iso: string;
  /** Characters of the input the timestamp took. */
  readonly length: number;
}

export interface BsdContext {
  /** When the line arrived: supplies the year the timestamp leaves out. */
  readonly now: Date;
  /** UTC offset of senders that write local time without a zone (minutes east of UTC). */
  readonly offsetMinutes: number;
}

const UTC_ZONES = new Set(['UTC', 'GMT', 'Z', 'UT']);

/**
 * An RFC 3164 timestamp. Without a year, the year that puts the time nearest to `now` is chosen,
 * so a December line read in January lands in the old year.
 */
export function parseBsdTimestamp(text: string, context: BsdContext): BsdTimestamp | undefined {
  const match = BSD.exec(text);
  if (!match) return undefined;
  const [whole, mon, d, yearBefore, h, mi, s, fraction, yearAfter, zone] = match;
  const month = MONTHS.indexOf((mon ?? '').toLowerCase()) + 1;
  if (month === 0) return undefined;
  const offset = zone && UTC_ZONES.has(zone) ? 0 : context.offsetMinutes;
  const explicitYear = yearBefore ?? yearAfter;
  const nowYear = context.now.getUTCFullYear();
  const years = explicitYear ? [Number(explicitYear)] : [nowYear, nowYear - 1, nowYear + 1];
  let best: number | undefined;
  for (const year of years) {
    const epoch = toEpoch(
      {
        year,
        month,
        day: Number(d),
        hour: Number(h),
        minute: Number(mi),
        second: Number(s),
        millis: fractionMillis(fraction),
      },
      offset,
    );
    if (epoch === undefined) continue;
    const now = context.now.getTime();
    if (best === undefined || Math.abs(epoch - now) < Math.abs(best - now)) best = epoch;
  }
  return best === undefined ? undefined : { iso: new Date(best).toISOString(), length: whole.length };
}
