/**
 * How far ahead of Lifeline's clock an event's own timestamp may be. Correlation windows run on
 * event time, so one event dated years ahead (a broken clock, or a forged syslog line) would make
 * every real event of its group look late and silence that correlation; beyond this, the time of
 * receipt is used instead.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/** The event's own time when it is believable, else undefined (the receipt time then counts). */
export function believableTime(time: string | undefined, receivedAtMs: number): string | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  if (Number.isNaN(ms) || ms > receivedAtMs + MAX_CLOCK_AHEAD_MS) return undefined;
  return time;
}
