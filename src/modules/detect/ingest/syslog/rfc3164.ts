import type { SyslogMessage, SyslogParseOptions } from './message.js';
import { withoutBom } from './message.js';
import type { Priority } from './pri.js';
import { parseBsdTimestamp, parseRfc3339 } from './timestamp.js';

// Cisco IOS puts a sequence number before the timestamp: `<189>1234: *Mar  1 18:46:11.123: …`.
const SEQUENCE = /^\d{1,10}: /;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9._%:-]{0,254}$/;
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{0,128})\])?:(?: |$)/;

function skipSpaces(text: string, index: number): number {
  while (text.charCodeAt(index) === 0x20) index++;
  return index;
}

function nextToken(text: string, start: number): { token: string; end: number } {
  const space = text.indexOf(' ', start);
  const end = space === -1 ? text.length : space;
  return { token: text.slice(start, end), end };
}

/** A timestamp in either the BSD form or RFC 3339 (rsyslog's high-precision form), with its length. */
function readTimestamp(
  text: string,
  start: number,
  options: SyslogParseOptions,
): { iso: string; end: number } | undefined {
  const rest = text.slice(start, start + 64);
  const bsd = parseBsdTimestamp(rest, { now: options.now, offsetMinutes: options.offsetMinutes ?? 0 });
  if (bsd) return { iso: bsd.iso, end: start + bsd.length };
  const { token, end } = nextToken(text, start);
  const bare = token.endsWith(':') ? token.slice(0, -1) : token;
  const iso = parseRfc3339(bare);
  return iso ? { iso, end } : undefined;
}

/**
 * The BSD syslog format, read as leniently as real devices need: the timestamp, host name and tag
 * may each be missing, the timestamp may be RFC 3339, a Cisco sequence number may come first.
 * Whatever cannot be recognised stays in `message`, so nothing the sender wrote is lost.
 */
export function parseRfc3164(
  line: string,
  priority: Priority | undefined,
  start: number,
  options: SyslogParseOptions,
): SyslogMessage {
  let index = skipSpaces(line, start);
  let hostname: string | undefined;
  const sequence = SEQUENCE.exec(line.slice(index, index + 12));
  let stamped = readTimestamp(line, sequence ? index + sequence[0].length : index, options);
  if (!stamped && sequence) {
    // Cisco with `logging origin-id hostname`: `<189>35: router01: *Mar  1 18:46:11: …`.
    const origin = nextToken(line, index + sequence[0].length);
    const name = origin.token.slice(0, -1);
    if (origin.token.endsWith(':') && HOSTNAME.test(name)) {
      stamped = readTimestamp(line, skipSpaces(line, origin.end), options);
      if (stamped) hostname = name;
    }
  }
  if (stamped) index = skipSpaces(line, stamped.end);
  if (stamped && hostname === undefined) {
    const candidate = nextToken(line, index);
    // A host name is followed by more text; a token with `[` or a final `:` is the tag of a sender
    // that left its host name out.
    if (
      candidate.end < line.length &&
      !candidate.token.endsWith(':') &&
      HOSTNAME.test(candidate.token) &&
      !candidate.token.includes('[')
    ) {
      hostname = candidate.token;
      index = skipSpaces(line, candidate.end);
      // Cisco ASA separates host and message with a lone colon.
      if (line.startsWith(': ', index)) index = skipSpaces(line, index + 1);
    }
  }
  let appName: string | undefined;
  let procId: string | undefined;
  // `%FAC-SEV-MNEMONIC:` (Cisco) is the start of the message, not a tag, and a bare number is a
  // sequence number; both stay in the message, where rules look for them.
  const tag = line.charCodeAt(index) === 0x25 ? null : TAG.exec(line.slice(index, index + 260));
  if (tag && !/^\d+$/.test(tag[1] ?? '')) {
    appName = tag[1];
    if (tag[2]) procId = tag[2];
    index += tag[0].length;
  }
  return {
    format: 'rfc3164',
    ...(priority ? { priority } : {}),
    ...(stamped ? { timestamp: stamped.iso } : {}),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(appName !== undefined ? { appName } : {}),
    ...(procId !== undefined ? { procId } : {}),
    structuredData: [],
    message: withoutBom(line.slice(index)),
  };
}
