import { hl7Error } from '../errors.js';

/**
 * A position in a message, written the way interface analysts write it: `PID-5.1` (family name),
 * `PID-3[2].1` (the identifier of the second repetition), `PV1-3.1.2`, `OBX[2]-5` (the second OBX).
 * Every number is 1-based; an omitted one means the first.
 */
export interface Hl7Path {
  readonly segment: string;
  readonly occurrence: number;
  readonly field: number;
  readonly repetition: number;
  readonly component: number;
  readonly subcomponent: number;
}

const PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(\d+)(?:\[(\d+)\])?(?:\.(\d+))?(?:\.(\d+))?$/;

export function parseHl7Path(path: string): Hl7Path {
  const match = PATH.exec(path);
  const numbers = match?.slice(2).map((part) => (part === undefined ? 1 : Number(part)));
  if (!match || !numbers || numbers.some((n) => n < 1 || !Number.isSafeInteger(n))) {
    throw hl7Error('CONTINUITY_HL7_PATH_INVALID', `"${path}" is not an HL7 path like PID-5.1 or PID-3[2].1`, {
      path,
    });
  }
  const [occurrence = 1, field = 1, repetition = 1, component = 1, subcomponent = 1] = numbers;
  return { segment: match[1] ?? '', occurrence, field, repetition, component, subcomponent };
}
