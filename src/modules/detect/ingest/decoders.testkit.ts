import type { FieldValue } from '../types.js';
import type { Decoder } from './types.js';

/**
 * A stand-in for the normalisers in tests: a JSON object per line, scalar members as fields, its
 * `time` member as the event time.
 */
export const jsonLineDecoder: Decoder = (line) => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const fields: Record<string, FieldValue> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || ['string', 'number', 'boolean'].includes(typeof member)) {
      fields[key] = member as FieldValue;
    }
  }
  const time = typeof fields.time === 'string' ? fields.time : undefined;
  return { ok: true, fields, ...(time ? { time } : {}) };
};

/** Every line is an event with its text as `message`. */
export const plainDecoder: Decoder = (line) => ({ ok: true, fields: { message: line } });
