import { Hl7Message } from './message.js';
import {
  DEFAULT_DELIMITERS,
  encodingCharacters,
  type Hl7Component,
  type Hl7Delimiters,
  type Hl7Field,
  type Hl7Leaf,
  type Hl7Repetition,
  type Hl7Segment,
} from './types.js';

/** `undefined` or '' leaves a position empty; `null` writes the HL7 null `""`. */
export type LeafInput = string | null | undefined;
/** A string is the whole component; an array lists its subcomponents. */
export type ComponentInput = LeafInput | readonly LeafInput[];
/** A string is the whole value; an array lists its components. */
export type RepetitionInput = LeafInput | readonly ComponentInput[];
/** `repeat` lists repetitions; `raw` copies a field as parsed (with its structure) from another message. */
export type FieldInput =
  RepetitionInput | { readonly repeat: readonly RepetitionInput[] } | { readonly raw: Hl7Field };

/**
 * Builds a segment from fields keyed by their HL7 number, so code reads like the specification:
 * `hl7Segment('PID', { 3: [mrn, '', '', '', 'MR'], 5: [family, given] })`. Trailing empty
 * positions are dropped so no dangling delimiters are written. For MSH, fields 1 and 2 come from the
 * delimiters and any value given for them is ignored.
 */
export function hl7Segment(
  name: string,
  fields: Readonly<Record<number, FieldInput>>,
  delimiters: Hl7Delimiters = DEFAULT_DELIMITERS,
): Hl7Segment {
  const numbers = Object.keys(fields).map(Number);
  const last = Math.max(0, ...numbers);
  const built: Hl7Field[] = [];
  for (let number = 1; number <= last; number++) built.push(toField(fields[number]));
  if (name === 'MSH') {
    built[0] = [[[delimiters.field]]];
    built[1] = [[[encodingCharacters(delimiters)]]];
  }
  return { name, fields: trimEnd(built, (field) => field.length === 0) };
}

/** A message from built segments; the first must be MSH. */
export function createHl7Message(
  segments: readonly Hl7Segment[],
  delimiters: Hl7Delimiters = DEFAULT_DELIMITERS,
): Hl7Message {
  return new Hl7Message(delimiters, segments);
}

function toField(input: FieldInput | undefined): Hl7Field {
  if (typeof input === 'object' && input !== null && 'raw' in input) return input.raw;
  const repetitions = isRepeated(input) ? input.repeat : [input];
  return trimEnd(repetitions.map(toRepetition), (repetition) => repetition.length === 0);
}

function isRepeated(input: FieldInput | undefined): input is { readonly repeat: readonly RepetitionInput[] } {
  return typeof input === 'object' && input !== null && 'repeat' in input;
}

function toRepetition(input: RepetitionInput): Hl7Repetition {
  const components: readonly ComponentInput[] = Array.isArray(input) ? input : [input as LeafInput];
  return trimEnd(components.map(toComponent), (component) => component.length === 0);
}

function toComponent(input: ComponentInput): Hl7Component {
  const leaves: readonly LeafInput[] = Array.isArray(input) ? input : [input as LeafInput];
  return trimEnd(
    leaves.map((leaf): Hl7Leaf => (leaf === undefined ? '' : leaf)),
    (leaf) => leaf === '',
  );
}

function trimEnd<T>(items: T[], isEmpty: (item: T) => boolean): T[] {
  let end = items.length;
  while (end > 0 && isEmpty(items[end - 1] as T)) end--;
  return items.slice(0, end);
}
