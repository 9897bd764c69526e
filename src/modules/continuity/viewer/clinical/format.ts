/**
 * Times as a ward reads them, in the device's time zone: "26 Nov 2026 08:05", "08:05". Unreadable
 * input is shown as given rather than hidden, so a clinician still sees that something is there.
 */

export function formatDateTime(iso: string | null, locale: string): string {
  if (iso === null) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(time);
}

export function formatTime(iso: string, locale: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    time,
  );
}

/** A FHIR date or dateTime as a calendar date; a bare date is not shifted by the time zone. */
export function formatDate(value: string | null, locale: string): string {
  if (value === null) return '';
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (bare) {
    const utc = Date.UTC(Number(bare[1]), Number(bare[2]) - 1, Number(bare[3]));
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(time);
}

/** The value a datetime-local input expects for this moment in local time: 2026-11-26T08:05. */
export function toLocalInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local value means in local time, as ISO 8601 UTC; null when unreadable. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hour, minute);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}
