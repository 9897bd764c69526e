import type { SyslogParse, SyslogParseOptions } from './message.js';
import { scanPri } from './pri.js';
import { parseRfc3164 } from './rfc3164.js';
import { parseRfc5424 } from './rfc5424.js';

const VERSION_AHEAD = /^[1-9]\d{0,2} /;

/** Trailing line ends and NULs left by senders that frame inside the message itself. */
function trimEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const code = line.charCodeAt(end - 1);
    if (code !== 0x0a && code !== 0x0d && code !== 0x00) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/**
 * One syslog line in either format. A version number after the PRI means RFC 5424, which is read
 * strictly (a broken header is malformed); anything else is RFC 3164, read leniently.
 */
export function parseSyslog(input: string, options: SyslogParseOptions): SyslogParse {
  const line = trimEnd(input);
  if (line.trim() === '') return { ok: false, reason: 'empty line' };
  const pri = scanPri(line);
  switch (pri.kind) {
    case 'invalid':
      return { ok: false, reason: 'invalid PRI' };
    case 'absent':
      return { ok: true, message: parseRfc3164(line, undefined, 0, options) };
    case 'ok':
      if (VERSION_AHEAD.test(line.slice(pri.end, pri.end + 4))) {
        return parseRfc5424(line, pri.priority, pri.end);
      }
      return { ok: true, message: parseRfc3164(line, pri.priority, pri.end, options) };
  }
}
