import type { Locale } from '../../../i18n/dictionaries.js';
import type { Bucket } from '../types.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A period's start, as short as its size allows: "12 Mar" for a day, "12 Mar, 14:00" for an hour. */
export function formatBucket(iso: string, bucket: Bucket, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale}:${bucket}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      bucket === 'day'
        ? { day: 'numeric', month: 'short' }
        : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
    );
    formats.set(key, format);
  }
  return format.format(date);
}
