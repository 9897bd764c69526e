import type { SourceKind } from '../../types.js';

/** A line no decoder could read, kept for the operator with why it was refused. */
export interface QuarantineEntry {
  readonly source: string;
  readonly kind: SourceKind;
  readonly reason: string;
  readonly receivedAt: string;
  readonly line: string;
}

export type QuarantineSink = (entry: QuarantineEntry) => void;

/** The most of a quarantined line kept: 2 KiB of UTF-8. */
export const QUARANTINE_LINE_BYTES = 2048;

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  const bytes = Buffer.from(text).subarray(0, maxBytes);
  let end = bytes.length;
  // Back off over continuation bytes to the start of the last character, then drop it if incomplete.
  let start = end - 1;
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  const lead = bytes[start] ?? 0;
  const needed = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  if (end - start < needed) end = start;
  return bytes.subarray(0, end).toString('utf8');
}
