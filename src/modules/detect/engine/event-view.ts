/**
 * One event as the compiled rules see it. Field names are resolved to slot numbers when rules are
 * compiled; per event each slot's value is normalised (numbers and booleans as text) and lowercased
 * at most once, on first use. Caches are invalidated by bumping an epoch, not by clearing arrays.
 */
import type { EventFields, FieldValue } from '../types.js';

/** A field as text: absent (undefined), null, one string, or the strings of a list. */
export type TextValue = string | readonly string[] | null | undefined;

export class FieldSlots {
  private readonly bySlotName = new Map<string, number>();
  readonly names: string[] = [];

  find(name: string): number | undefined {
    return this.bySlotName.get(name);
  }

  slot(name: string): number {
    let slot = this.bySlotName.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.bySlotName.set(name, slot);
    }
    return slot;
  }
}

export function fieldValue(fields: EventFields, name: string): FieldValue | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : value;
}

export function toText(value: FieldValue | undefined): TextValue {
  if (value === undefined || value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const out: string[] = [];
  for (const item of value) if (item !== null) out.push(typeof item === 'string' ? item : String(item));
  return out;
}

function lowerText(value: TextValue): TextValue {
  if (typeof value === 'string') return value.toLowerCase();
  if (value === undefined || value === null) return value;
  return value.map((item) => item.toLowerCase());
}

export class EventView {
  fields: EventFields = {};
  private epoch = 1;
  private readonly textEpoch: Uint32Array;
  private readonly textCache: TextValue[];
  private readonly lowerEpoch: Uint32Array;
  private readonly lowerCache: TextValue[];
  private allText: string[] | undefined;
  private allLower: string[] | undefined;

  constructor(private readonly slots: FieldSlots) {
    const size = slots.names.length;
    this.textEpoch = new Uint32Array(size);
    this.textCache = new Array<TextValue>(size).fill(undefined);
    this.lowerEpoch = new Uint32Array(size);
    this.lowerCache = new Array<TextValue>(size).fill(undefined);
  }

  reset(fields: EventFields): void {
    this.fields = fields;
    this.allText = undefined;
    this.allLower = undefined;
    if (this.epoch === 0xffffffff) {
      this.textEpoch.fill(0);
      this.lowerEpoch.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  original(slot: number): FieldValue | undefined {
    return fieldValue(this.fields, this.slots.names[slot] ?? '');
  }

  present(slot: number): boolean {
    return this.original(slot) !== undefined;
  }

  text(slot: number): TextValue {
    if (this.textEpoch[slot] === this.epoch) return this.textCache[slot];
    const value = toText(this.original(slot));
    this.textEpoch[slot] = this.epoch;
    this.textCache[slot] = value;
    return value;
  }

  lower(slot: number): TextValue {
    if (this.lowerEpoch[slot] === this.epoch) return this.lowerCache[slot];
    const value = lowerText(this.text(slot));
    this.lowerEpoch[slot] = this.epoch;
    this.lowerCache[slot] = value;
    return value;
  }

  /**
   * Every string value of the event (list items included), for keyword searches. Fields that rules
   * also name go through the slot caches, so nothing is lowercased twice.
   */
  strings(lower: boolean): readonly string[] {
    const cached = lower ? this.allLower : this.allText;
    if (cached) return cached;
    const out: string[] = [];
    for (const name in this.fields) {
      const slot = this.slots.find(name);
      let value: TextValue;
      if (slot !== undefined) value = lower ? this.lower(slot) : this.text(slot);
      else {
        const original = fieldValue(this.fields, name);
        if (typeof original !== 'string' && !Array.isArray(original)) continue;
        value = lower ? lowerText(toText(original)) : toText(original);
      }
      const original = this.fields[name];
      if (typeof value === 'string') {
        if (typeof original === 'string') out.push(value);
      } else if (Array.isArray(original) && value) {
        // Only the string items of a list count: numbers in it are not text the keyword can be in.
        let index = 0;
        for (const item of original) {
          if (item === null) continue;
          if (typeof item === 'string') out.push(value[index] ?? '');
          index++;
        }
      }
    }
    if (lower) this.allLower = out;
    else this.allText = out;
    return out;
  }
}
