const SECOND = 1000;
const DAY = 86_400 * SECOND;

/**
 * Months and years are the mean Gregorian lengths (365.2425 days a year), the same fixed durations
 * that query backends convert them to, so a rule means the same here as in a SIEM.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
  d: DAY,
  w: 7 * DAY,
  M: (365.2425 / 12) * DAY,
  y: 365.2425 * DAY,
};

const TIMESPAN = /^([0-9]{1,9})([smhdwMy])$/;

/** `90m` → milliseconds, or a reason why the text is not a timespan. */
export function parseTimespan(text: unknown): { ok: true; ms: number } | { ok: false; reason: string } {
  if (typeof text !== 'string') {
    return { ok: false, reason: 'timespan must be a string such as 5m or 1h' };
  }
  const found = TIMESPAN.exec(text.trim());
  const unit = found?.[2] === undefined ? undefined : UNIT_MS[found[2]];
  if (found === null || unit === undefined) {
    return { ok: false, reason: `timespan '${text}' is not a number followed by one of s, m, h, d, w, M, y` };
  }
  const amount = Number(found[1]);
  if (amount === 0) return { ok: false, reason: 'timespan must be longer than zero' };
  return { ok: true, ms: Math.round(amount * unit) };
}
