import { hl7Error } from '../errors.js';
import type { Hl7Delimiters } from './types.js';

const PUNCTUATION = /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/;

/**
 * Reads MSH-1 (the field separator, the character after "MSH") and MSH-2 (component, repetition,
 * escape and subcomponent characters, plus the truncation character from HL7 2.7 on). `line` is the
 * MSH segment. The characters must be distinct ASCII punctuation, or the message could not be split
 * unambiguously (and would not survive a change of character set).
 */
export function readDelimiters(line: string): { delimiters: Hl7Delimiters; encodingCharacters: string } {
  const field = line.charAt(3);
  if (!PUNCTUATION.test(field)) {
    throw hl7Error('CONTINUITY_HL7_MALFORMED', 'MSH-1, the field separator, is missing or not usable', {
      segment: 1,
      field: 'MSH-1',
    });
  }
  const end = line.indexOf(field, 4);
  const encoding = end < 0 ? line.slice(4) : line.slice(4, end);
  const characters = [...encoding];
  const distinct = new Set([field, ...characters]).size === characters.length + 1;
  if (
    characters.length < 4 ||
    characters.length > 5 ||
    !distinct ||
    characters.some((c) => !PUNCTUATION.test(c))
  ) {
    throw hl7Error(
      'CONTINUITY_HL7_MALFORMED',
      'MSH-2 must hold four or five distinct encoding characters that differ from MSH-1',
      { segment: 1, field: 'MSH-2', length: characters.length },
    );
  }
  const [component = '', repetition = '', escape = '', subcomponent = '', truncation] = characters;
  return {
    delimiters: { field, component, repetition, escape, subcomponent, truncation: truncation ?? null },
    encodingCharacters: encoding,
  };
}
