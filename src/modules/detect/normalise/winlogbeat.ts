import { restoreSigmaNames, valueAt } from './ecs-restore.js';
import { FieldSink } from './field-sink.js';
import { flattenInto, toScalar } from './flatten.js';
import { normalised, type NormaliseResult } from './result.js';
import { toIsoTime } from './time.js';
import { isRecord, toEventId, toNumberish } from './xml-json.js';

const PARAM = /^param(\d{1,3})$/;

/**
 * A Winlogbeat or Elastic Agent document (`winlog.*`, ECS) to the same names an EVTX record gets:
 * EventID, Channel, Provider_Name, Computer, EventRecordID, Version, every winlog.event_data and
 * winlog.user_data field under its own name, Sigma names restored from ECS where a module moved
 * them, and everything else (process.command_line, host.name, …) under its dotted name.
 */
export function normaliseWinlogbeat(document: Record<string, unknown>): NormaliseResult {
  const winlog = isRecord(document.winlog) ? document.winlog : {};
  const sink = new FieldSink();
  const eventId = toEventId(winlog.event_id ?? valueAt(document, 'event.code'));
  if (eventId !== undefined) sink.set('EventID', eventId);
  setString(sink, 'Channel', winlog.channel);
  setString(sink, 'Provider_Name', winlog.provider_name);
  setString(sink, 'Computer', winlog.computer_name);
  for (const [from, to] of [
    ['record_id', 'EventRecordID'],
    ['version', 'Version'],
  ] as const) {
    const value = toNumberish(winlog[from]);
    if (value !== undefined) sink.set(to, value);
  }
  writeByOwnName(sink, winlog.event_data);
  writeByOwnName(sink, winlog.user_data);
  addUnnamedData(sink, winlog.event_data);
  restoreSigmaNames(sink, document, sink.get('Channel'), sink.get('EventID'));
  writeRest(sink, document);
  return normalised(sink.result(), toIsoTime(document['@timestamp']));
}

function writeByOwnName(sink: FieldSink, data: unknown): void {
  if (!isRecord(data)) return;
  for (const key of Object.keys(data)) flattenInto(sink, key, data[key], 1);
}

/**
 * Winlogbeat names unnamed event data param1, param2, …; Sigma's rules for the classic PowerShell
 * log look for it in `Data`, as an EVTX record gives it.
 */
function addUnnamedData(sink: FieldSink, data: unknown): void {
  if (!isRecord(data) || sink.has('Data')) return;
  const params = Object.keys(data)
    .map((key) => ({ index: Number(PARAM.exec(key)?.[1] ?? NaN), value: toScalar(data[key]) }))
    .filter((param) => Number.isInteger(param.index) && param.value !== undefined)
    .sort((a, b) => a.index - b.index)
    .map((param) => param.value ?? null);
  if (params.length === 1) sink.set('Data', params[0] ?? null);
  else if (params.length > 1) sink.set('Data', params);
}

/** Everything except the event data already written by name. */
function writeRest(sink: FieldSink, document: Record<string, unknown>): void {
  for (const key of Object.keys(document)) {
    if (sink.full) return;
    const value = document[key];
    if (key === 'winlog' && isRecord(value)) {
      for (const inner of Object.keys(value)) {
        if (inner !== 'event_data' && inner !== 'user_data')
          flattenInto(sink, `winlog.${inner}`, value[inner], 1);
      }
    } else {
      flattenInto(sink, key, value);
    }
  }
}

function setString(sink: FieldSink, name: string, value: unknown): void {
  if (typeof value === 'string') sink.set(name, value);
}
