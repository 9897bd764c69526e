import type { Hl7Charset } from './types.js';

/**
 * Character sets. HL7 v2 names the message's character set in MSH-18 (first repetition). Lifeline
 * reads "8859/1" as ISO-8859-1 and everything else as UTF-8; when MSH-18 is empty or ASCII and the
 * bytes are not valid UTF-8, they are read as ISO-8859-1, because legacy senders often emit Latin-1
 * without declaring it and a replacement character in a patient's name is worse than a guess that
 * is right for western European feeds. Other ISO 8859 parts are not supported.
 */
export function charsetFromMsh18(value: string): Hl7Charset | undefined {
  const name = value.trim().toUpperCase();
  if (name === '8859/1') return 'latin1';
  if (name === '' || name === 'ASCII') return undefined;
  return 'utf-8';
}

/**
 * Field n (n ≥ 3) of the MSH segment, first repetition, read without parsing the whole message. The
 * first segment is ASCII in every supported character set, so this also works on text decoded as
 * Latin-1 from bytes whose real character set is not known yet.
 */
export function peekMshField(text: string, field: number): string {
  const start = text.indexOf('MSH');
  if (start < 0 || text.length < start + 8) return '';
  const separator = text.charAt(start + 3);
  const repetition = text.charAt(start + 5);
  const lineEnd = text.slice(start).search(/[\r\n]/);
  const line = lineEnd < 0 ? text.slice(start) : text.slice(start, start + lineEnd);
  const value = line.split(separator)[field - 1] ?? '';
  return repetition === '' ? value : (value.split(repetition)[0] ?? '');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Bytes from the wire to text, in the character set MSH-18 names. */
export function decodeHl7Bytes(bytes: Uint8Array): { text: string; charset: Hl7Charset } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = charsetFromMsh18(peekMshField(buffer.toString('latin1', 0, 4096), 18));
  if (declared === 'latin1') return { text: buffer.toString('latin1'), charset: 'latin1' };
  if (declared === 'utf-8') return { text: lenientUtf8.decode(buffer), charset: 'utf-8' };
  try {
    return { text: strictUtf8.decode(buffer), charset: 'utf-8' };
  } catch {
    return { text: buffer.toString('latin1'), charset: 'latin1' };
  }
}

/** Text to bytes for the wire, in the character set its own MSH-18 names. */
export function encodeHl7Bytes(text: string): Buffer {
  if (charsetFromMsh18(peekMshField(text, 18)) !== 'latin1') return Buffer.from(text, 'utf8');
  // Characters Latin-1 cannot hold would otherwise be silently truncated to their low byte.
  return Buffer.from(text.replace(/[\u{100}-\u{10FFFF}]/gu, '?'), 'latin1');
}

/** The character set used to read \X…\ escapes in an already decoded message. */
export function charsetOfText(text: string): Hl7Charset {
  return charsetFromMsh18(peekMshField(text, 18)) === 'latin1' ? 'latin1' : 'utf-8';
}
