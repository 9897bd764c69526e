import { hl7Error } from '../errors.js';
import { charsetOfText } from './charset.js';
import { readDelimiters } from './delimiters.js';
import { unescapeHl7 } from './escape.js';
import { Hl7Message } from './message.js';
import type { Hl7Charset, Hl7Delimiters, Hl7Field, Hl7Segment } from './types.js';

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Parses an ER7-encoded HL7 v2 message. Segments end in CR as the standard says; CRLF and LF are
 * accepted too. When the text holds any CR, only CR (with an optional LF after it) ends a segment,
 * so a stray line feed inside free text stays part of its field instead of breaking the message.
 * Throws CONTINUITY_HL7_MALFORMED with the segment's position (never its content).
 */
export function parseHl7(text: string): Hl7Message {
  const body = text.replace(/^[\uFEFF\s]+/u, '');
  if (!body.startsWith('MSH')) {
    throw hl7Error('CONTINUITY_HL7_MALFORMED', 'an HL7 v2 message must start with an MSH segment', {
      segment: 1,
    });
  }
  const lines = body.split(body.includes('\r') ? /\r\n?/ : /\n/);
  const { delimiters, encodingCharacters } = readDelimiters(lines[0] ?? '');
  const charset = charsetOfText(body);
  const segments: Hl7Segment[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const position = index + 1;
    const name = line.slice(0, 3);
    if (!SEGMENT_NAME.test(name) || (line.length > 3 && line.charAt(3) !== delimiters.field)) {
      throw hl7Error(
        'CONTINUITY_HL7_MALFORMED',
        `segment ${position} does not start with a three-character segment name and a field separator`,
        { segment: position },
      );
    }
    if (name === 'MSH' && index > 0) {
      throw hl7Error(
        'CONTINUITY_HL7_MALFORMED',
        `segment ${position} is a second MSH; send one message at a time`,
        {
          segment: position,
        },
      );
    }
    segments.push(
      name === 'MSH'
        ? parseMsh(line, encodingCharacters, delimiters, charset)
        : { name, fields: splitFields(line.slice(4), delimiters, charset, line.length > 3) },
    );
  });
  return new Hl7Message(delimiters, segments);
}

function parseMsh(
  line: string,
  encoding: string,
  delimiters: Hl7Delimiters,
  charset: Hl7Charset,
): Hl7Segment {
  const rest = line.slice(4 + encoding.length);
  return {
    name: 'MSH',
    fields: [
      [[[delimiters.field]]],
      [[[encoding]]],
      ...splitFields(rest.slice(1), delimiters, charset, rest.length > 0),
    ],
  };
}

function splitFields(
  raw: string,
  delimiters: Hl7Delimiters,
  charset: Hl7Charset,
  present: boolean,
): Hl7Field[] {
  if (!present) return [];
  return raw
    .split(delimiters.field)
    .map((field) =>
      field
        .split(delimiters.repetition)
        .map((repetition) =>
          repetition
            .split(delimiters.component)
            .map((component) =>
              component
                .split(delimiters.subcomponent)
                .map((leaf) => (leaf === '""' ? null : unescapeHl7(leaf, delimiters, charset))),
            ),
        ),
    );
}
