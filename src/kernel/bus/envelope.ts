import { type Clock, systemClock } from '../clock.js';
import { randomId } from '../crypto/random.js';
import { LifelineError } from '../errors.js';
import type { BusEvent } from './types.js';

/**
 * Both buses carry the same JSON envelope and apply the same rules, so code tested on the in-process
 * bus behaves the same on NATS: names must be valid NATS subject tokens, and data must survive JSON.
 */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Below NATS's default 1 MiB max_payload with room for headers; large payloads belong in a store. */
export const MAX_EVENT_BYTES = 1_000_000;

function invalid(message: string, details: Record<string, string | number> = {}): LifelineError {
  return new LifelineError('VALIDATION_FAILED', message, details);
}

export function isEventType(type: string): boolean {
  return type.length > 0 && type.length <= 200 && type.split('.').every((token) => TOKEN.test(token));
}

export function assertEventType(type: string): void {
  if (!isEventType(type))
    throw invalid('An event type is dot-separated words of letters, digits, - and _', {
      type: type.slice(0, 200),
    });
}

export function isTypePattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > 200) return false;
  const tokens = pattern.split('.');
  return tokens.every(
    (token, i) => TOKEN.test(token) || token === '*' || (token === '>' && i === tokens.length - 1),
  );
}

export function assertSubscription(durable: string, types: readonly string[]): void {
  if (!TOKEN.test(durable) || durable.length > 100) {
    throw invalid('A durable name is letters, digits, - and _ only', { durable: durable.slice(0, 100) });
  }
  if (types.length === 0) throw invalid('A subscription needs at least one event type', { durable });
  for (const pattern of types) {
    if (!isTypePattern(pattern))
      throw invalid('Not a valid event type pattern', { pattern: pattern.slice(0, 200) });
  }
}

export function createEvent<T>(
  type: string,
  data: T,
  source: string,
  clock: Clock = systemClock,
): BusEvent<T> {
  assertEventType(type);
  return { id: randomId(), type, at: clock.now().toISOString(), source, data };
}

/** JSON of the envelope; `undefined` data travels as null, as it would through any JSON channel. */
export function encodeEvent(event: BusEvent): string {
  let text: string;
  try {
    const { id, type, at, source, data } = event;
    text = JSON.stringify({ id, type, at, source, data: data ?? null });
  } catch (err) {
    throw new LifelineError(
      'VALIDATION_FAILED',
      'Event data must be JSON-serialisable',
      { type: event.type },
      { cause: err },
    );
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_EVENT_BYTES) {
    throw invalid('The event is too large for the bus', { type: event.type, bytes, limit: MAX_EVENT_BYTES });
  }
  return text;
}

/** Parses what arrived from the wire; anything that is not a well-formed envelope is rejected. */
export function decodeEvent(input: string | Uint8Array): BusEvent {
  let value: unknown;
  try {
    value = JSON.parse(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
  } catch {
    throw invalid('The event envelope is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('The event envelope is not an object');
  const record = value as Record<string, unknown>;
  const { id, type, at, source } = record;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200)
    throw invalid('The event envelope has no valid id');
  if (typeof type !== 'string' || !isEventType(type)) throw invalid('The event envelope has no valid type');
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
    throw invalid('The event envelope has no valid time');
  if (typeof source !== 'string') throw invalid('The event envelope has no valid source');
  if (!('data' in record)) throw invalid('The event envelope has no data');
  return { id, type, at, source, data: record.data };
}

export const DEFAULT_MAX_DELIVERIES = 5;
export const DEFAULT_RETRY_DELAY_MS = 1000;

export interface DeliveryPolicy {
  maxDeliveries: number;
  retryDelayMs: number;
}

export function deliveryPolicy(options: { maxDeliveries?: number; retryDelayMs?: number }): DeliveryPolicy {
  const maxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1)
    throw invalid('maxDeliveries must be a positive integer');
  if (!Number.isInteger(retryDelayMs) || retryDelayMs < 0)
    throw invalid('retryDelayMs must be a non-negative integer');
  return { maxDeliveries, retryDelayMs };
}
