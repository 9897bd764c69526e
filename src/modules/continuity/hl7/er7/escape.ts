import type { Hl7Charset, Hl7Delimiters } from './types.js';

/**
 * HL7 v2.5.1 section 2.7 escape sequences. Read: \F\ \S\ \T\ \R\ \E\ (and \P\ when a truncation
 * character is declared) give back the delimiter; \Xhh…\ gives the bytes in the message's character
 * set; \.br\ is a line break; \H\ and \N\ (highlighting on/off) carry no text and are dropped.
 * Anything else, including a lone escape character, stays literal: free text from real senders holds
 * Windows paths and stray backslashes more often than it holds local \Z…\ sequences.
 */
export function unescapeHl7(raw: string, delimiters: Hl7Delimiters, charset: Hl7Charset): string {
  const escape = delimiters.escape;
  let start = raw.indexOf(escape);
  if (start < 0) return raw;
  let out = '';
  let done = 0;
  while (start >= 0) {
    const end = raw.indexOf(escape, start + 1);
    if (end < 0) break;
    const decoded = decodeSequence(raw.slice(start + 1, end), delimiters, charset);
    if (decoded === undefined) {
      // Not a sequence we know: keep the opening escape literal and look again from the next one,
      // which may open a real sequence.
      start = end;
      continue;
    }
    out += raw.slice(done, start) + decoded;
    done = end + 1;
    start = raw.indexOf(escape, done);
  }
  return out + raw.slice(done);
}

function decodeSequence(body: string, delimiters: Hl7Delimiters, charset: Hl7Charset): string | undefined {
  switch (body) {
    case 'F':
      return delimiters.field;
    case 'S':
      return delimiters.component;
    case 'T':
      return delimiters.subcomponent;
    case 'R':
      return delimiters.repetition;
    case 'E':
      return delimiters.escape;
    case 'P':
      return delimiters.truncation ?? undefined;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
    default:
      return body.startsWith('X') ? decodeHex(body.slice(1), charset) : undefined;
  }
}

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;

function decodeHex(hex: string, charset: Hl7Charset): string | undefined {
  if (!HEX.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  return charset === 'latin1' ? bytes.toString('latin1') : new TextDecoder('utf-8').decode(bytes);
}

/**
 * The reverse: delimiters become their escape sequences, control characters (CR and LF would end the
 * segment, 0x0B and 0x1C would break MLLP framing) become \Xhh\, and a value that is literally two
 * double quotes is hex-escaped so that the receiver does not read it as the HL7 null.
 */
export function escapeHl7(value: string, delimiters: Hl7Delimiters): string {
  const e = delimiters.escape;
  if (value === '""') return `${e}X2222${e}`;
  let out = '';
  for (const char of value) {
    if (char === delimiters.field) out += `${e}F${e}`;
    else if (char === delimiters.component) out += `${e}S${e}`;
    else if (char === delimiters.subcomponent) out += `${e}T${e}`;
    else if (char === delimiters.repetition) out += `${e}R${e}`;
    else if (char === e) out += `${e}E${e}`;
    else if (char === delimiters.truncation) out += `${e}P${e}`;
    else if (char < ' ' && char !== '\t')
      out += `${e}X${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}${e}`;
    else out += char;
  }
  return out;
}
