import { type JsonObject, asArray, asNumber, asObject, asString, objectsOf } from '../resource.js';
import { conceptText } from './concept.js';
import { formatQuantity } from './values.js';

const UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  min: 'minute',
  h: 'hour',
  d: 'day',
  wk: 'week',
  mo: 'month',
  a: 'year',
};

const EVENT_WORDS: Readonly<Record<string, string>> = {
  MORN: 'in the morning',
  AFT: 'in the afternoon',
  EVE: 'in the evening',
  NIGHT: 'at night',
  HS: 'at bedtime',
  WAKE: 'on waking',
  C: 'with meals',
  CM: 'with breakfast',
  CD: 'with lunch',
  CV: 'with dinner',
  AC: 'before meals',
  ACM: 'before breakfast',
  ACD: 'before lunch',
  ACV: 'before dinner',
  PC: 'after meals',
  PCM: 'after breakfast',
  PCD: 'after lunch',
  PCV: 'after dinner',
};

/** The dose of a Dosage: its first doseQuantity, or a dose range as "1 – 2 tablet". */
export function doseText(dosage: JsonObject): string | undefined {
  for (const doseAndRate of objectsOf(dosage.doseAndRate)) {
    const quantity = formatQuantity(doseAndRate.doseQuantity);
    if (quantity !== undefined) return quantity;
    const range = asObject(doseAndRate.doseRange);
    const low = formatQuantity(range?.low);
    const high = formatQuantity(range?.high);
    if (low !== undefined && high !== undefined) return `${low} – ${high}`;
  }
  return undefined;
}

/** How often, in words: "every 8 hours", "3 times a day", "at 08:00, 20:00", "in the morning". */
export function timingText(timing: unknown): string | undefined {
  const value = asObject(timing);
  const coded = conceptText(value?.code);
  if (coded !== undefined) return coded;
  const repeat = asObject(value?.repeat);
  if (!repeat) return undefined;
  const parts: string[] = [];
  const frequency = asNumber(repeat.frequency) ?? 1;
  const period = asNumber(repeat.period);
  const unit = UNIT_WORDS[asString(repeat.periodUnit) ?? ''];
  if (period !== undefined && unit !== undefined) {
    const every = period === 1 ? unit : `${period} ${unit}s`;
    if (frequency === 1) parts.push(`every ${every}`);
    else parts.push(period === 1 ? `${frequency} times a ${unit}` : `${frequency} times every ${every}`);
  }
  const times = asArray(repeat.timeOfDay).filter((time): time is string => typeof time === 'string');
  if (times.length > 0) parts.push(`at ${times.map((time) => time.slice(0, 5)).join(', ')}`);
  for (const event of asArray(repeat.when)) {
    const words = typeof event === 'string' ? EVENT_WORDS[event] : undefined;
    if (words !== undefined) parts.push(words);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Free text a nurse can act on; the prescriber's own text wins over anything assembled. */
export function dosageText(dosages: unknown): string | null {
  const lines: string[] = [];
  for (const dosage of objectsOf(dosages)) {
    const text = asString(dosage.text);
    if (text !== undefined) {
      lines.push(text);
      continue;
    }
    const parts = [doseText(dosage), conceptText(dosage.route), timingText(dosage.timing)];
    if (dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined)
      parts.push('as needed');
    const line = parts.filter((part): part is string => part !== undefined).join(', ');
    if (line !== '') lines.push(line);
  }
  return lines.length > 0 ? lines.join('; ') : null;
}
