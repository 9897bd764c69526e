import type { Locale } from '../../../i18n/dictionaries.js';

const MINUTE = 60_000;

/** Whole minutes from `iso` to `now`; null for a time that does not parse. */
export function minutesSince(iso: string, now: number): number | null {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, Math.floor((now - at) / MINUTE));
}

/** "12 minutes ago", "3 hours ago", "2 days ago" in the reader's language. */
export function formatAge(minutes: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (minutes < 90) return format.format(-minutes, 'minute');
  if (minutes < 48 * 60) return format.format(-Math.round(minutes / 60), 'hour');
  return format.format(-Math.round(minutes / (24 * 60)), 'day');
}

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${number.format(value)} ${units[unit]}`;
}

/**
 * Kit data older than this is marked in the overview, the same limit at which the viewer turns its
 * "data as of" red and devices are reported stale by default.
 */
export const OLD_DATA_MINUTES = 30;
