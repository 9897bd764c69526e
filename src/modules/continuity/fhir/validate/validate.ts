import { type FhirResource, type JsonObject, asArray, isObject } from '../resource.js';
import { isFhirCode, isFhirDate, isFhirDateTime, isFhirId, isFhirInstant } from './datatypes.js';
import { R4_RESOURCE_TYPES } from './resource-types.js';
import { type ElementKind, TYPE_RULES } from './rules.js';
import { checkTree } from './tree.js';

export type Validation = { ok: true; resource: FhirResource } | { ok: false; reason: string };

/**
 * Structural FHIR R4 checks that matter for kits. Reasons name the element, never its value, so they
 * can be logged and shown to operators without carrying patient data.
 */
export function validateResource(value: unknown): Validation {
  if (!isObject(value)) return fail('resource is not a JSON object');
  const type = value.resourceType;
  if (typeof type !== 'string' || type === '') return fail('resourceType is missing');
  if (!R4_RESOURCE_TYPES.has(type)) return fail('resourceType is not a FHIR R4 resource type');
  const reason = checkIdentity(type, value) ?? checkRule(type, value) ?? checkSpecial(type, value);
  if (reason) return fail(reason);
  const problem = checkTree(value);
  if (problem) return fail(`${[type, ...problem.path].join('.')} ${problem.problem}`);
  return { ok: true, resource: value as FhirResource };
}

function fail(reason: string): Validation {
  return { ok: false, reason };
}

function checkIdentity(type: string, resource: JsonObject): string | null {
  if (resource.id !== undefined && !isFhirId(resource.id)) return `${type}.id is not a FHIR id`;
  if (resource.meta === undefined) return null;
  const meta = resource.meta;
  if (!isObject(meta)) return `${type}.meta is not an object`;
  if (meta.lastUpdated !== undefined && !isFhirInstant(meta.lastUpdated))
    return `${type}.meta.lastUpdated is not a FHIR instant`;
  if (meta.versionId !== undefined && !isFhirId(meta.versionId))
    return `${type}.meta.versionId is not a FHIR id`;
  return null;
}

function checkRule(type: string, resource: JsonObject): string | null {
  const rule = TYPE_RULES[type];
  if (!rule) return null;
  for (const name of rule.required) {
    if (!isPresent(resource, name)) return `${type}.${name} is missing`;
  }
  for (const [name, kind] of Object.entries(rule.elements)) {
    // JSON has no undefined; a JavaScript caller's undefined means absent.
    if (kind === 'choice' || resource[name] === undefined) continue;
    const problem = kindProblem(resource[name], kind);
    if (problem) return `${type}.${name} ${problem}`;
    if (kind === 'list' && rule.required.includes(name) && asArray(resource[name]).length === 0) {
      return `${type}.${name} is empty`;
    }
  }
  return null;
}

function isPresent(resource: JsonObject, name: string): boolean {
  if (!name.endsWith('[x]')) return resource[name] !== undefined && resource[name] !== null;
  const prefix = name.slice(0, -3);
  for (const key of Object.keys(resource)) {
    const next = key.charCodeAt(prefix.length);
    // A choice suffix is a type name, so it starts with a capital (effectiveDateTime, medicationReference).
    if (key.startsWith(prefix) && next >= 65 && next <= 90) return true;
  }
  return false;
}

function kindProblem(value: unknown, kind: Exclude<ElementKind, 'choice'>): string | null {
  switch (kind) {
    case 'object':
      return isObject(value) ? null : 'is not an object';
    case 'list':
      return Array.isArray(value) ? null : 'is not a list';
    case 'string':
      return typeof value === 'string' ? null : 'is not a string';
    case 'date':
      return isFhirDate(value) ? null : 'is not a FHIR date';
    case 'dateTime':
      return isFhirDateTime(value) ? null : 'is not a FHIR dateTime';
    case 'instant':
      return isFhirInstant(value) ? null : 'is not a FHIR instant';
    default:
      if (!isFhirCode(value)) return 'is not a FHIR code';
      return kind.codes.has(value) ? null : 'is not one of its allowed codes';
  }
}

/** Invariants of the spec that span elements (bdl-9/10/11, cmp-2) for the two container types. */
function checkSpecial(type: string, resource: JsonObject): string | null {
  if (type === 'Bundle' && resource.type === 'document') {
    if (!isObject(resource.identifier)) return 'Bundle.identifier is missing for a document';
    if (resource.timestamp === undefined) return 'Bundle.timestamp is missing for a document';
    const first = asArray(resource.entry)[0];
    if (!isObject(first) || !isObject(first.resource) || first.resource.resourceType !== 'Composition') {
      return 'Bundle.entry does not start with a Composition';
    }
  }
  if (type === 'Composition') {
    for (const section of asArray(resource.section)) {
      if (!isObject(section)) return 'Composition.section is not an object';
      if (section.emptyReason !== undefined && asArray(section.entry).length > 0) {
        return 'Composition.section has an emptyReason and entries';
      }
    }
  }
  return null;
}
