/** After this long without fresh data a kit is flagged: decisions may rest on outdated facts. */
export const STALE_AFTER_MINUTES = 30;

export interface Staleness {
  /** Whole minutes since the data was current; null when the time cannot be read. */
  minutes: number | null;
  stale: boolean;
}

export function stalenessAt(dataAsOf: string, now: Date, staleAfterMinutes = STALE_AFTER_MINUTES): Staleness {
  const asOf = Date.parse(dataAsOf);
  if (Number.isNaN(asOf)) return { minutes: null, stale: true };
  // A clock a little behind the server must not show a negative age.
  const minutes = Math.max(0, Math.floor((now.getTime() - asOf) / 60_000));
  return { minutes, stale: minutes > staleAfterMinutes };
}
