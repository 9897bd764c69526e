import { asArray, asNumber, asObject, asString } from '../resource.js';
import { HOUR_MS, toMillis } from './time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  min: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  wk: 7 * DAY_MS,
  mo: 30 * DAY_MS,
  a: 365 * DAY_MS,
};
/** The largest time a JavaScript Date can hold; beyond it there is no ISO string to show. */
const LAST_DATE_MS = 8.64e15;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Clock times for Timing.repeat.when events. FHIR leaves them to the institution; these are common
 * ward defaults (minutes after midnight), used only when an order gives events instead of times.
 */
const EVENT_MINUTES: Readonly<Record<string, number>> = {
  WAKE: 7 * 60,
  MORN: 8 * 60,
  CM: 8 * 60,
  ACM: 7 * 60 + 30,
  PCM: 8 * 60 + 30,
  CD: 12 * 60,
  ACD: 11 * 60 + 30,
  PCD: 12 * 60 + 30,
  AFT: 14 * 60,
  EVE: 18 * 60,
  CV: 18 * 60,
  ACV: 17 * 60 + 30,
  PCV: 18 * 60 + 30,
  NIGHT: 22 * 60,
  HS: 22 * 60,
};

const OFFSET = /(Z|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))$/;

/** Minutes east of UTC that a dateTime was written in; FHIR times of day are read in that zone. */
export function utcOffsetMinutes(dateTime: string | undefined): number {
  if (dateTime === undefined || !dateTime.includes('T')) return 0;
  const match = OFFSET.exec(dateTime);
  if (!match || match[1] === 'Z') return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === '-' ? -minutes : minutes;
}

export interface ScheduleWindow {
  /** Exclusive. */
  from: number;
  /** Inclusive. */
  to: number;
}

/**
 * When a Timing says doses fall inside the window, as epoch milliseconds, ascending, at most `cap`.
 * Clock times (timeOfDay, when) are read in the UTC offset of `anchor` (the order's start); a
 * frequency over a period counts from `anchor`, so without one such a schedule has no phase and
 * yields nothing. Bounds (boundsPeriod, boundsDuration), count and dayOfWeek limit the result.
 */
export function scheduledTimes(
  timing: unknown,
  anchor: string | undefined,
  window: ScheduleWindow,
  cap: number,
): number[] {
  const repeat = asObject(asObject(timing)?.repeat);
  if (!repeat || cap <= 0) return [];
  const bounds = asObject(repeat.boundsPeriod);
  const start = toMillis(bounds?.start) ?? toMillis(anchor);
  const end = boundsEnd(repeat, start, toMillis(bounds?.end));
  const offset = utcOffsetMinutes(asString(bounds?.start) ?? anchor) * MINUTE_MS;
  const days = new Set(asArray(repeat.dayOfWeek).filter((day): day is string => typeof day === 'string'));
  const accept = (time: number): boolean =>
    Math.abs(time) <= LAST_DATE_MS &&
    time > window.from &&
    time <= window.to &&
    (start === undefined || time >= start) &&
    (end === undefined || time <= end) &&
    (days.size === 0 || days.has(WEEKDAYS[new Date(time + offset).getUTCDay()] ?? ''));

  const clock = clockMinutes(repeat);
  const times =
    clock.length > 0
      ? dailyTimes(clock, offset, window, accept)
      : intervalTimes(repeat, start, window, accept, cap);
  return times.sort((a, b) => a - b).slice(0, cap);
}

function boundsEnd(
  repeat: Record<string, unknown>,
  start: number | undefined,
  end: number | undefined,
): number | undefined {
  if (end !== undefined) return end;
  const duration = asObject(repeat.boundsDuration);
  const value = asNumber(duration?.value);
  const unit = UNIT_MS[asString(duration?.code) ?? asString(duration?.unit) ?? ''];
  return start !== undefined && value !== undefined && unit !== undefined ? start + value * unit : undefined;
}

function clockMinutes(repeat: Record<string, unknown>): number[] {
  const minutes: number[] = [];
  for (const time of asArray(repeat.timeOfDay)) {
    if (typeof time !== 'string' || !/^\d\d:\d\d/.test(time)) continue;
    minutes.push(Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
  }
  for (const event of asArray(repeat.when)) {
    const at = typeof event === 'string' ? EVENT_MINUTES[event] : undefined;
    if (at !== undefined) minutes.push(at);
  }
  return minutes;
}

function dailyTimes(
  clock: number[],
  offset: number,
  window: ScheduleWindow,
  accept: (time: number) => boolean,
): number[] {
  const out: number[] = [];
  const firstDay = Math.floor((window.from + offset) / DAY_MS) - 1;
  const lastDay = Math.floor((window.to + offset) / DAY_MS) + 1;
  for (let day = firstDay; day <= lastDay; day += 1) {
    for (const minutes of clock) {
      const time = day * DAY_MS + minutes * MINUTE_MS - offset;
      if (accept(time)) out.push(time);
    }
  }
  return [...new Set(out)];
}

function intervalTimes(
  repeat: Record<string, unknown>,
  start: number | undefined,
  window: ScheduleWindow,
  accept: (time: number) => boolean,
  cap: number,
): number[] {
  const period = asNumber(repeat.period);
  const unit = UNIT_MS[asString(repeat.periodUnit) ?? ''];
  const frequency = asNumber(repeat.frequency) ?? 1;
  if (start === undefined || period === undefined || unit === undefined || period <= 0 || frequency <= 0)
    return [];
  const interval = (period * unit) / frequency;
  // Faster than once a minute is a continuous infusion, not a list of doses.
  if (interval < MINUTE_MS) return [];
  const count = asNumber(repeat.count);
  const out: number[] = [];
  let index = Math.max(0, Math.floor((window.from - start) / interval) + 1);
  for (
    let time = start + index * interval;
    time <= window.to && out.length < cap;
    index += 1, time = start + index * interval
  ) {
    if (count !== undefined && index >= count) break;
    if (accept(Math.round(time))) out.push(Math.round(time));
  }
  return out;
}
