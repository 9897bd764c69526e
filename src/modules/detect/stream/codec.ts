import { CORRELATION_TYPES } from '../sigma/correlation/index.js';
import { z } from 'zod';
import type { DetectEvent } from '../types.js';
import { isDetectEvent } from './event-shape.js';
import type { StreamMatch } from './types.js';

/**
 * The wire form of what travels on the detection stream. Everything read back is checked: a message
 * from an older release or a stray publisher must be refused, not crash a worker or poison state.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const fieldValue = z.union([scalar, z.array(scalar)]);
const fields = z.record(z.string(), fieldValue);

const source = z.strictObject({
  kind: z.enum(['syslog-udp', 'syslog-tcp', 'syslog-tls', 'http', 'file', 'scan', 'stream']),
  name: z.string(),
  address: z.string().exactOptional(),
});

/** Events inside matches; single events are checked by isDetectEvent, which must agree with this. */
export const detectEventSchema = z.strictObject({
  fields,
  source,
  receivedAt: z.string(),
  time: z.string().exactOptional(),
  raw: z.string(),
});

const ruleSummary = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  level: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
  status: z.string().exactOptional(),
  tags: z.array(z.string()),
  logsource: z.strictObject({
    product: z.string().exactOptional(),
    category: z.string().exactOptional(),
    service: z.string().exactOptional(),
  }),
  file: z.string().exactOptional(),
  name: z.string().exactOptional(),
});

const ruleMatch = z.strictObject({ rule: ruleSummary, event: detectEventSchema });

const correlationMatch = z.strictObject({
  rule: ruleSummary,
  type: z.enum(CORRELATION_TYPES),
  group: z.record(z.string(), z.string()),
  value: z.number(),
  windowStart: z.string(),
  windowEnd: z.string(),
  events: z.array(detectEventSchema),
});

const feed = z.discriminatedUnion('kind', [
  z.strictObject({ v: z.literal(1), kind: z.literal('rule'), match: ruleMatch }),
  z.strictObject({ v: z.literal(1), kind: z.literal('correlation'), match: correlationMatch }),
]);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

export function encodeEvent(event: DetectEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

/** Several events in one message (a JSON array): the per-message cost is paid once for all. */
export function encodeEvents(events: readonly DetectEvent[]): Uint8Array {
  return encoder.encode(JSON.stringify(events));
}

/** The event, or null when the message is not one. */
export function decodeEvent(bytes: Uint8Array): DetectEvent | null {
  const value = parse(bytes);
  return isDetectEvent(value) ? value : null;
}

/**
 * The events of a message holding one event or an array of them, in order; an element that is not
 * an event is null in its place, so the rest still count. Null when the message is neither.
 */
export function decodeEvents(bytes: Uint8Array): (DetectEvent | null)[] | null {
  const value = parse(bytes);
  if (Array.isArray(value)) return value.map((item) => (isDetectEvent(item) ? item : null));
  return isDetectEvent(value) ? [value] : null;
}

export function encodeFeed(item: StreamMatch): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, ...item }));
}

export function decodeFeed(bytes: Uint8Array): StreamMatch | null {
  const result = feed.safeParse(parse(bytes));
  if (!result.success) return null;
  const { v: _version, ...item } = result.data;
  return item;
}
