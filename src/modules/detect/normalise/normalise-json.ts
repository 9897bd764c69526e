import { normaliseEvtx } from './evtx.js';
import { FieldSink } from './field-sink.js';
import { flattenInto } from './flatten.js';
import { NORMALISE_LIMITS } from './limits.js';
import { normalised, refused, type NormaliseResult } from './result.js';
import { detectShape } from './shape.js';
import { toIsoTime } from './time.js';
import { normaliseWinlogbeat } from './winlogbeat.js';
import { isRecord } from './xml-json.js';

/** Top-level keys that commonly carry an event's own time, in order of preference. */
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'TimeCreated', 'EventTime', 'eventTime', 'ts', 'date'];

/**
 * One JSON document to flat fields. Never throws, whatever the text: bad JSON, a non-object, a
 * document past the size limit and anything unexpected inside come back as `ok: false` with a
 * short reason that quotes nothing from the input.
 */
export function normaliseJson(text: string): NormaliseResult {
  if (typeof text !== 'string') return refused('input is not text');
  if (text.length > NORMALISE_LIMITS.maxInputChars) return refused('JSON document too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused('not valid JSON');
  }
  return normaliseObject(value);
}

/** The same for a value that is already parsed (an HTTP body, a line of an array file). */
export function normaliseObject(value: unknown): NormaliseResult {
  try {
    if (!isRecord(value)) return refused('JSON value is not an object');
    const shape = detectShape(value);
    if (shape === 'evtx-json') return normaliseEvtx(value);
    if (shape === 'winlogbeat') return normaliseWinlogbeat(value);
    return normaliseGeneric(value);
  } catch {
    // Nothing above should throw; a getter or a stack overflow on a hostile object still must not.
    return refused('event could not be read');
  }
}

/** Any other JSON object: nested objects to dotted names, arrays of scalars kept as lists. */
export function normaliseGeneric(document: Record<string, unknown>): NormaliseResult {
  const sink = new FieldSink();
  flattenInto(sink, '', document);
  return normalised(sink.result(), timeOf(document));
}

function timeOf(document: Record<string, unknown>): string | undefined {
  for (const key of TIME_KEYS) {
    if (!Object.hasOwn(document, key)) continue;
    const time = toIsoTime(document[key]);
    if (time !== undefined) return time;
  }
  return undefined;
}
