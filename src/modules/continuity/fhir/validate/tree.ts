import { asString, isObject } from '../resource.js';
import { isFhirDateTime, isFhirInstant } from './datatypes.js';
import { parseReference } from './references.js';
import { R4_RESOURCE_TYPES } from './resource-types.js';

/**
 * Checks that hold anywhere inside a resource, found by element name rather than by path: every
 * Reference.reference is well-formed, every `…DateTime` / `…Instant` choice value and every Period's
 * start/end has the right syntax, and contained resources have a known type. Depth is capped, so a
 * hostile document cannot exhaust the stack.
 */
const MAX_DEPTH = 64;

export interface TreeProblem {
  /** Element names from the resource root, without list indexes (no values, so no patient data). */
  path: string[];
  problem: string;
}

export function checkTree(resource: Record<string, unknown>): TreeProblem | null {
  return walkObject(resource, 0, false);
}

function walkObject(node: Record<string, unknown>, depth: number, isPeriod: boolean): TreeProblem | null {
  if (depth > MAX_DEPTH) return { path: [], problem: 'nests too deeply' };
  for (const key of Object.keys(node)) {
    const value = node[key];
    const problem = checkElement(key, value, isPeriod) ?? descend(key, value, depth);
    if (problem) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return null;
}

function checkElement(key: string, value: unknown, isPeriod: boolean): TreeProblem | null {
  if (key === 'reference') {
    // A few R4 elements are named "reference" and hold a Reference themselves
    // (ImplementationGuide.definition.resource.reference); those are walked like any other.
    if (typeof value === 'object' && value !== null) return null;
    return typeof value === 'string' && parseReference(value)
      ? null
      : { path: [], problem: 'is not a valid reference' };
  }
  if (typeof value !== 'string') return null;
  if (key.endsWith('DateTime') || (isPeriod && (key === 'start' || key === 'end'))) {
    return isFhirDateTime(value) ? null : { path: [], problem: 'is not a FHIR dateTime' };
  }
  if (key.endsWith('Instant') && !isFhirInstant(value)) return { path: [], problem: 'is not a FHIR instant' };
  return null;
}

function descend(key: string, value: unknown, depth: number): TreeProblem | null {
  if (typeof value !== 'object' || value === null) return null;
  const isPeriod = key === 'period' || key.endsWith('Period');
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (
      key === 'contained' &&
      !(isObject(item) && R4_RESOURCE_TYPES.has(asString(item.resourceType) ?? ''))
    ) {
      return { path: [], problem: 'holds something that is not a FHIR resource' };
    }
    if (Array.isArray(item)) {
      if (depth + 1 > MAX_DEPTH) return { path: [], problem: 'nests too deeply' };
      // FHIR JSON never nests lists directly; walk them anyway so nothing hides inside.
      const nested = descend(key, item, depth + 1);
      if (nested) return nested;
    } else if (isObject(item)) {
      const problem = walkObject(item, depth + 1, isPeriod);
      if (problem) return problem;
    }
  }
  return null;
}
