import { parseHl7Path } from './path.js';
import type { Hl7Delimiters, Hl7Field, Hl7Leaf, Hl7Segment } from './types.js';

/** A parsed HL7 v2 message: its delimiters and segments, with path accessors for reading fields. */
export class Hl7Message {
  constructor(
    readonly delimiters: Hl7Delimiters,
    private readonly all: readonly Hl7Segment[],
  ) {}

  /** Every segment in order, or those with the given name. */
  segments(name?: string): Hl7Segment[] {
    return name === undefined ? [...this.all] : this.all.filter((segment) => segment.name === name);
  }

  /** The n-th (1-based) segment with that name. */
  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    let seen = 0;
    for (const segment of this.all) {
      if (segment.name === name && ++seen === occurrence) return segment;
    }
    return undefined;
  }

  /** The text at a path such as `PID-5.1`; '' when the position is empty, absent or the HL7 null. */
  get(path: string): string {
    return this.leaf(path) ?? '';
  }

  /** True when the sender wrote the HL7 null `""` at that position: "erase the value". */
  isNull(path: string): boolean {
    return this.leaf(path) === null;
  }

  /** The repetitions of a field (`PID-3`); empty when the field is absent. */
  field(path: string): Hl7Field {
    const p = parseHl7Path(path);
    const segment = this.segment(p.segment, p.occurrence);
    return segment ? fieldOf(segment, p.field) : [];
  }

  /** MSH-9.1 */
  get messageType(): string {
    return this.get('MSH-9.1');
  }

  /** MSH-9.2 */
  get triggerEvent(): string {
    return this.get('MSH-9.2');
  }

  /** MSH-10 */
  get controlId(): string {
    return this.get('MSH-10');
  }

  private leaf(path: string): Hl7Leaf | undefined {
    const p = parseHl7Path(path);
    const segment = this.segment(p.segment, p.occurrence);
    if (!segment) return undefined;
    return fieldOf(segment, p.field)[p.repetition - 1]?.[p.component - 1]?.[p.subcomponent - 1];
  }
}

/** Field n (1-based) of a segment, empty when the segment is shorter. */
export function fieldOf(segment: Hl7Segment, field: number): Hl7Field {
  return segment.fields[field - 1] ?? [];
}

/** Component c, subcomponent s (both 1-based) of one repetition, as text ('' when empty or null). */
export function textAt(repetition: Hl7Field[number] | undefined, component = 1, subcomponent = 1): string {
  return repetition?.[component - 1]?.[subcomponent - 1] ?? '';
}
