import { createHash } from 'node:crypto';
import type { DetectEvent } from '../types.js';

const encoder = new TextEncoder();

/** NATS' default `max_payload`, assumed while the server has not said otherwise. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * Bytes kept free for the headers a JetStream publish carries (the message id), which count towards
 * the server's limit as much as the payload does.
 */
const HEADER_ALLOWANCE = 1024;

/** The most payload bytes one message may carry on a server taking `maxPayload`, under this id. */
export function payloadLimit(maxPayload: number | undefined, id = ''): number {
  return (maxPayload ?? DEFAULT_MAX_PAYLOAD) - HEADER_ALLOWANCE - encoder.encode(id).length;
}

export interface FittedEvent {
  /** The event's JSON, as it goes on the wire. */
  readonly bytes: Uint8Array;
  /** Whether `raw` had to be shortened to fit. */
  readonly truncated: boolean;
}

/**
 * The event's JSON in at most `limit` bytes. When it is larger, `raw` is cut short: the fields are
 * what rules match and what an alert shows as evidence, while `raw` is already a capped copy of the
 * original line. Null when the event does not fit even with an empty `raw`.
 */
export function fitEvent(event: DetectEvent, limit: number): FittedEvent | null {
  const whole = encoder.encode(JSON.stringify(event));
  if (whole.length <= limit) return { bytes: whole, truncated: false };
  const withRaw = (length: number) =>
    encoder.encode(JSON.stringify({ ...event, raw: cleanPrefix(event.raw, length) }));
  const bare = withRaw(0);
  if (bare.length > limit) return null;
  // The longest prefix that fits: escaping and UTF-8 make a character cost 1 to 6 bytes, so search.
  let fits = 0;
  let tooLong = event.raw.length;
  let best = bare;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    const bytes = withRaw(middle);
    if (bytes.length <= limit) {
      fits = middle;
      best = bytes;
    } else tooLong = middle;
  }
  return { bytes: best, truncated: true };
}

/** The first `length` UTF-16 units of `text`, without leaving half of a surrogate pair at the end. */
function cleanPrefix(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/**
 * The events' JSON as as few JSON arrays as fit in `limit` bytes each, in order. Every item must fit
 * on its own (`[item]`, two bytes more than the item).
 */
export function packEvents(items: readonly Uint8Array[], limit: number): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let group: Uint8Array[] = [];
  let size = 2;
  for (const item of items) {
    if (item.length + 2 > limit) throw new RangeError('an event larger than a message was not fitted first');
    if (group.length > 0 && size + 1 + item.length > limit) {
      messages.push(joinArray(group, size));
      group = [];
      size = 2;
    }
    size += item.length + (group.length > 0 ? 1 : 0);
    group.push(item);
  }
  if (group.length > 0) messages.push(joinArray(group, size));
  return messages;
}

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

function joinArray(items: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  out[at++] = OPEN;
  for (const [i, item] of items.entries()) {
    if (i > 0) out[at++] = COMMA;
    out.set(item, at);
    at += item.length;
  }
  out[at] = CLOSE;
  return out;
}

/** A message id naming the content: the same bytes published again are stored once. */
export function contentId(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}
