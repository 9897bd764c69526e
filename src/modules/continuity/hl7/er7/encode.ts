import { escapeHl7 } from './escape.js';
import type { Hl7Message } from './message.js';
import { encodingCharacters, type Hl7Delimiters, type Hl7Field, type Hl7Segment } from './types.js';

/**
 * Writes a message in ER7 with its own delimiters, every segment ended by CR. MSH-1 and MSH-2 are
 * always written from the message's delimiters, whatever the segment's first two fields hold.
 */
export function encodeHl7(message: Hl7Message): string {
  return message
    .segments()
    .map((segment) => encodeSegment(segment, message.delimiters) + '\r')
    .join('');
}

export function encodeSegment(segment: Hl7Segment, delimiters: Hl7Delimiters): string {
  const separator = delimiters.field;
  if (segment.name === 'MSH') {
    const rest = segment.fields.slice(2).map((field) => separator + encodeField(field, delimiters));
    return 'MSH' + separator + encodingCharacters(delimiters) + rest.join('');
  }
  return segment.name + segment.fields.map((field) => separator + encodeField(field, delimiters)).join('');
}

function encodeField(field: Hl7Field, delimiters: Hl7Delimiters): string {
  return field
    .map((repetition) =>
      repetition
        .map((component) =>
          component
            .map((leaf) => (leaf === null ? '""' : escapeHl7(leaf, delimiters)))
            .join(delimiters.subcomponent),
        )
        .join(delimiters.component),
    )
    .join(delimiters.repetition);
}
