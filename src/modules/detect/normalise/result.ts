import type { EventFields } from '../types.js';

/**
 * What a normaliser makes of one event: flat fields (and the event's own time, ISO 8601), or a
 * short reason. Reasons are fixed phrases that never quote the input: they reach logs and the
 * quarantine list, where event content must not leak.
 */
export type NormaliseResult =
  | { readonly ok: true; readonly fields: EventFields; readonly time?: string }
  | { readonly ok: false; readonly reason: string };

export function normalised(fields: EventFields, time: string | undefined): NormaliseResult {
  return time === undefined ? { ok: true, fields } : { ok: true, fields, time };
}

export function refused(reason: string): NormaliseResult {
  return { ok: false, reason };
}

/** Runs a normaliser so that nothing it meets — not even a bug — escapes as an exception. */
export function guarded(normalise: () => NormaliseResult, reason: string): NormaliseResult {
  try {
    return normalise();
  } catch {
    return refused(reason);
  }
}
