import type { Locale } from './dictionaries.js';

const formats = new Map<Locale, Intl.DateTimeFormat>();

/** Dates arrive as ISO-8601 UTC text; people read them in their own time zone and language. */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    formats.set(locale, format);
  }
  return format.format(date);
}
