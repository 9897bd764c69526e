/**
 * Wall-clock times at the hospital (Europe/Brussels, CET/CEST): medication schedules are written as
 * times of day there, so administrations must land on the same local hours whatever the season.
 */
const ZONE = 'Europe/Brussels';
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Minutes the zone is ahead of UTC at this instant. */
export function zoneOffsetMinutes(at: number): number {
  const parts = Object.fromEntries(
    formatter.formatToParts(new Date(at)).map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** The local calendar date (y, m, d) at an instant. */
function localDate(at: number): [number, number, number] {
  const local = new Date(at + zoneOffsetMinutes(at) * 60_000);
  return [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
}

/**
 * Instants in [from, to) at which a schedule of local times of day (`HH:MM`) falls, in order.
 */
export function scheduledInstants(times: readonly string[], from: number, to: number): number[] {
  const found: number[] = [];
  const [year, month, day] = localDate(from);
  for (let dayOffset = 0; ; dayOffset += 1) {
    const dayStart = Date.UTC(year, month, day + dayOffset);
    if (dayStart - 14 * 3_600_000 >= to) break;
    for (const time of times) {
      const [hours = 0, minutes = 0] = time.split(':').map(Number);
      const naive = dayStart + (hours * 60 + minutes) * 60_000;
      const instant = naive - zoneOffsetMinutes(naive) * 60_000;
      if (instant >= from && instant < to) found.push(instant);
    }
  }
  return found.sort((a, b) => a - b);
}
