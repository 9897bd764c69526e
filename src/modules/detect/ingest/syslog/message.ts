import type { Priority } from './pri.js';
import type { SdElement } from './structured-data.js';

export type SyslogFormat = 'rfc5424' | 'rfc3164';

/** A syslog line taken apart; absent parts were absent or the NILVALUE in the line. */
export interface SyslogMessage {
  readonly format: SyslogFormat;
  readonly priority?: Priority;
  /** ISO 8601 UTC. */
  readonly timestamp?: string;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  readonly msgId?: string;
  readonly structuredData: readonly SdElement[];
  readonly message: string;
}

/**
 * A parse outcome. Reasons are fixed phrases naming what was wrong, never text from the line: they
 * end up in logs and in the quarantine list, where message content must not leak twice.
 */
export type SyslogParse =
  { readonly ok: true; readonly message: SyslogMessage } | { readonly ok: false; readonly reason: string };

export interface SyslogParseOptions {
  /** When the line arrived; supplies the year RFC 3164 timestamps leave out. */
  readonly now: Date;
  /** UTC offset (minutes east) for RFC 3164 senders that write local time without a zone. */
  readonly offsetMinutes?: number;
}

const BOM = '\uFEFF';

/** MSG without the byte-order mark RFC 5424 allows in front of UTF-8 text. */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}
