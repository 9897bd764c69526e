import { FieldSink } from './field-sink.js';
import { flattenInto, toScalar } from './flatten.js';
import { NORMALISE_LIMITS } from './limits.js';
import { normalised, refused, type NormaliseResult } from './result.js';
import { toIsoTime } from './time.js';
import { attributeOf, isMarkupKey, isRecord, textOf, toEventId, toNumberish } from './xml-json.js';

type Scalar = string | number | boolean | null;

/**
 * An EVTX record rendered as JSON (`{"Event":{"System":…,"EventData":…}}`, or the same without the
 * `Event` wrapper) to Sigma's Windows names: EventID, Channel, Provider_Name, Computer, Level, Task,
 * Opcode, Keywords, EventRecordID, Version, then every EventData field and every UserData field under
 * its own name. Unnamed event data (the classic PowerShell log) becomes `Data`.
 */
export function normaliseEvtx(document: Record<string, unknown>): NormaliseResult {
  const event = isRecord(document.Event) ? document.Event : document;
  const system = event.System;
  if (!isRecord(system)) return refused('EVTX event has no System element');
  const sink = new FieldSink();
  writeSystem(sink, system);
  writeEventData(sink, event.EventData);
  writeUserData(sink, event.UserData);
  const created = system.TimeCreated;
  return normalised(sink.result(), toIsoTime(attributeOf(created, 'SystemTime') ?? textOf(created)));
}

function writeSystem(sink: FieldSink, system: Record<string, unknown>): void {
  const eventId = toEventId(textOf(system.EventID));
  if (eventId !== undefined) sink.set('EventID', eventId);
  setString(sink, 'Channel', textOf(system.Channel));
  setString(sink, 'Provider_Name', attributeOf(system.Provider, 'Name'));
  setString(sink, 'Computer', textOf(system.Computer));
  for (const name of ['Level', 'Task', 'Opcode', 'EventRecordID', 'Version']) {
    const value = toNumberish(textOf(system[name]));
    if (value !== undefined) sink.set(name, value);
  }
  setString(sink, 'Keywords', textOf(system.Keywords));
}

function writeEventData(sink: FieldSink, data: unknown): void {
  if (data === undefined || data === null) return;
  if (!isRecord(data)) {
    writeDataItems(sink, data);
    return;
  }
  for (const key of Object.keys(data)) {
    if (key === 'Data') writeDataItems(sink, data[key]);
    else if (!isMarkupKey(key)) writeElement(sink, key, data[key]);
  }
}

/** `Data` elements: named ones by their Name attribute, unnamed ones gathered into `Data`. */
function writeDataItems(sink: FieldSink, data: unknown): void {
  const items = Array.isArray(data) ? data : [data];
  const unnamed: Scalar[] = [];
  for (const item of items) {
    if (sink.full) break;
    if (!isRecord(item)) {
      pushScalars(unnamed, item);
      continue;
    }
    const name = attributeOf(item, 'Name');
    const text = textOf(item);
    if (typeof name === 'string' && name !== '') writeNamed(sink, name, text);
    else pushScalars(unnamed, text);
  }
  if (unnamed.length === 1) sink.set('Data', unnamed[0] ?? null);
  else if (unnamed.length > 1) sink.set('Data', unnamed);
}

function writeNamed(sink: FieldSink, name: string, text: unknown): void {
  if (text === undefined) {
    sink.set(name, '');
    return;
  }
  const scalar = toScalar(text);
  if (scalar !== undefined) sink.set(name, scalar);
  else flattenInto(sink, name, text, 1);
}

function writeUserData(sink: FieldSink, userData: unknown): void {
  if (!isRecord(userData)) return;
  for (const wrapper of Object.keys(userData)) {
    if (isMarkupKey(wrapper)) continue;
    const content = userData[wrapper];
    if (!isRecord(content)) {
      writeElement(sink, wrapper, content);
      continue;
    }
    for (const key of Object.keys(content)) {
      if (!isMarkupKey(key)) writeElement(sink, key, content[key]);
    }
  }
}

/** A child element: its text when it is a text element, its parts under dotted names otherwise. */
function writeElement(sink: FieldSink, name: string, value: unknown): void {
  const scalar = toScalar(isRecord(value) ? textOf(value) : value);
  if (scalar !== undefined) sink.set(name, scalar);
  else flattenInto(sink, name, value, 1);
}

function pushScalars(into: Scalar[], value: unknown, depth = 0): void {
  if (Array.isArray(value)) {
    if (depth >= NORMALISE_LIMITS.maxDepth) return;
    for (const item of value) pushScalars(into, item, depth + 1);
    return;
  }
  const scalar = toScalar(value);
  if (scalar !== undefined && into.length < NORMALISE_LIMITS.maxArrayItems) into.push(scalar);
}

function setString(sink: FieldSink, name: string, value: unknown): void {
  if (typeof value === 'string') sink.set(name, value);
  else if (typeof value === 'number') sink.set(name, String(value));
}
