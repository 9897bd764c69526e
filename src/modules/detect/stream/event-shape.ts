import type { DetectEvent } from '../types.js';

const SOURCE_KINDS = new Set(['syslog-udp', 'syslog-tcp', 'syslog-tls', 'http', 'file', 'scan', 'stream']);
const EVENT_KEYS = new Set(['fields', 'source', 'receivedAt', 'time', 'raw']);
const SOURCE_KEYS = new Set(['kind', 'name', 'address']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function optionalString(value: Record<string, unknown>, key: string): boolean {
  return !Object.hasOwn(value, key) || typeof value[key] === 'string';
}

/**
 * Whether a parsed message is a DetectEvent. Written out by hand rather than as a schema: it runs
 * once per event on the workers' hot path, where it costs a fraction of a schema library's check.
 * codec.test.ts holds it equal to the schema used for events inside matches.
 */
export function isDetectEvent(value: unknown): value is DetectEvent {
  if (!isRecord(value) || !onlyKeys(value, EVENT_KEYS)) return false;
  const { fields, source } = value;
  if (typeof value.receivedAt !== 'string' || typeof value.raw !== 'string' || !optionalString(value, 'time'))
    return false;
  if (!isRecord(source) || !onlyKeys(source, SOURCE_KEYS) || !SOURCE_KINDS.has(source.kind as string))
    return false;
  if (typeof source.name !== 'string' || !optionalString(source, 'address')) return false;
  if (!isRecord(fields)) return false;
  for (const key in fields) {
    const field = fields[key];
    if (Array.isArray(field) ? !field.every(isScalar) : !isScalar(field)) return false;
  }
  return true;
}
