import type { FieldSink } from './field-sink.js';
import { NORMALISE_LIMITS } from './limits.js';

type Scalar = string | number | boolean | null;

/**
 * Writes a JSON value into the sink under dotted names: `{"process":{"pid":4}}` becomes
 * `process.pid = 4`. Arrays of scalars stay lists; the objects inside an array spread their fields
 * into lists under the array's name (`answers.type = ["A","AAAA"]`), as search engines index them.
 * Parts deeper than the depth limit are dropped.
 */
export function flattenInto(sink: FieldSink, name: string, value: unknown, depth = 0): void {
  flattenValue(sink, name, value, depth, false);
}

function flattenValue(sink: FieldSink, name: string, value: unknown, depth: number, inArray: boolean): void {
  if (sink.full) return;
  const scalar = toScalar(value);
  if (scalar !== undefined) {
    if (name === '') return;
    if (inArray) sink.append(name, scalar);
    else sink.set(name, scalar);
    return;
  }
  if (depth >= NORMALISE_LIMITS.maxDepth || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    flattenArray(sink, name, value, depth);
    return;
  }
  for (const key of Object.keys(value)) {
    if (sink.full) return;
    const child = (value as Record<string, unknown>)[key];
    flattenValue(sink, name === '' ? key : `${name}.${key}`, child, depth + 1, inArray);
  }
}

function flattenArray(sink: FieldSink, name: string, items: readonly unknown[], depth: number): void {
  const scalars: Scalar[] = [];
  collectScalars(items, scalars, depth);
  if (scalars.length > 0 && name !== '' && !sink.has(name)) sink.set(name, scalars);
  let visited = 0;
  for (const item of items) {
    if (visited++ >= NORMALISE_LIMITS.maxArrayItems || sink.full) return;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      flattenValue(sink, name, item, depth + 1, true);
    }
  }
}

/** Scalars of an array and of the arrays nested in it, in order, up to the item limit. */
function collectScalars(items: readonly unknown[], into: Scalar[], depth: number): void {
  if (depth >= NORMALISE_LIMITS.maxDepth) return;
  for (const item of items) {
    if (into.length >= NORMALISE_LIMITS.maxArrayItems) return;
    const scalar = toScalar(item);
    if (scalar !== undefined) into.push(scalar);
    else if (Array.isArray(item)) collectScalars(item, into, depth + 1);
  }
}

/** JSON scalars as they are; values JSON cannot carry (from already-parsed objects) made safe. */
export function toScalar(value: unknown): Scalar | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      return undefined;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
}
