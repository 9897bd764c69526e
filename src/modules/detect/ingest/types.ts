import type { EventFields, EventSource } from '../types.js';

/** What a decoder makes of one line: flat fields (and the event's own time), or why it could not. */
export type DecodeResult =
  | { readonly ok: true; readonly fields: EventFields; readonly time?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Turns one line of a source into event fields. Must not throw; a reason names what was wrong and
 * never quotes the line.
 */
export type Decoder = (line: string, source: EventSource) => DecodeResult;
