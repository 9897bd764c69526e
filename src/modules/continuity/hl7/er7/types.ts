/**
 * The ER7 ("pipe and hat") shape of an HL7 v2 message. A field holds repetitions, a repetition holds
 * components, a component holds subcomponents, and a subcomponent is the unescaped text. Indices are
 * 0-based here; the accessors on Hl7Message use HL7's 1-based numbering.
 *
 * A leaf is `null` when the sender wrote the HL7 null `""` ("delete this value"), and `''` when the
 * position is simply not valued ("no change").
 */
export type Hl7Leaf = string | null;
export type Hl7Component = Hl7Leaf[];
export type Hl7Repetition = Hl7Component[];
export type Hl7Field = Hl7Repetition[];

export interface Hl7Segment {
  /** Three characters: MSH, EVN, PID, ZPD, … */
  readonly name: string;
  /** fields[0] is field 1. For MSH, field 1 is the field separator and field 2 the encoding characters. */
  readonly fields: Hl7Field[];
}

export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  /** HL7 2.7 and later may declare a fifth encoding character, the truncation character. */
  readonly truncation: string | null;
}

export const DEFAULT_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: null,
};

/** The characters of MSH-2 in their standard order. */
export function encodingCharacters(delimiters: Hl7Delimiters): string {
  return (
    delimiters.component +
    delimiters.repetition +
    delimiters.escape +
    delimiters.subcomponent +
    (delimiters.truncation ?? '')
  );
}

/** How the bytes of a message map to characters; MSH-18 decides (see charset.ts). */
export type Hl7Charset = 'utf-8' | 'latin1';
