import type { Locale } from '../../../i18n/dictionaries.js';

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** Counters grow large on a busy log source; group their digits as the reader's language does. */
export function formatCount(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** An event field's value as text: strings as they are, anything else as JSON. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** A Sigma log source as one line: "windows / process_creation". */
export function logsourceText(logsource: {
  product?: string | null;
  category?: string | null;
  service?: string | null;
}): string {
  return [logsource.product, logsource.category, logsource.service].filter(Boolean).join(' / ') || '—';
}
