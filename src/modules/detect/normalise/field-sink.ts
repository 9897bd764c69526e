import type { EventFields, FieldValue } from '../types.js';
import { NORMALISE_LIMITS } from './limits.js';

type Scalar = string | number | boolean | null;

/**
 * Collects the fields of one event under the limits. The first value written under a name wins
 * (the normalisers write Sigma's names before anything derived), unless `append` asks to gather
 * values into a list, as arrays of objects do.
 */
export class FieldSink {
  private readonly fields: Record<string, FieldValue> = {};
  private count = 0;

  get full(): boolean {
    return this.count >= NORMALISE_LIMITS.maxFields;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.fields, name);
  }

  get(name: string): FieldValue | undefined {
    return Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
  }

  /** Writes a value unless the name is taken, too long, or the event is full. */
  set(name: string, value: FieldValue): boolean {
    if (name.length === 0 || name.length > NORMALISE_LIMITS.maxFieldNameChars) return false;
    if (this.has(name) || this.full) return false;
    this.write(name, capValue(value));
    this.count += 1;
    return true;
  }

  /** Adds a value to the list under `name`, turning a single value into a list. */
  append(name: string, value: Scalar): void {
    const existing = this.get(name);
    if (existing === undefined) {
      this.set(name, value);
      return;
    }
    const list: Scalar[] = Array.isArray(existing) ? [...(existing as Scalar[])] : [existing as Scalar];
    if (list.length >= NORMALISE_LIMITS.maxArrayItems) return;
    list.push(capScalar(value));
    this.write(name, list);
  }

  private write(name: string, value: FieldValue): void {
    // A plain assignment to `__proto__` would replace the object's prototype instead of adding a field.
    if (name === '__proto__') {
      Object.defineProperty(this.fields, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      this.fields[name] = value;
    }
  }

  result(): EventFields {
    return this.fields;
  }
}

export function capScalar<T extends Scalar>(value: T): T {
  return (
    typeof value === 'string' && value.length > NORMALISE_LIMITS.maxStringChars
      ? value.slice(0, NORMALISE_LIMITS.maxStringChars)
      : value
  ) as T;
}

function capValue(value: FieldValue): FieldValue {
  if (!Array.isArray(value)) return capScalar(value as Scalar);
  return (value as readonly Scalar[]).slice(0, NORMALISE_LIMITS.maxArrayItems).map(capScalar);
}
