import type { RejectedResource } from '../../types.js';
import { isObject } from '../resource.js';
import { isFhirId } from '../validate/datatypes.js';
import { R4_RESOURCE_TYPES } from '../validate/resource-types.js';

/**
 * A rejection names the resource only by type and id, and only when they are well-formed: a
 * malformed resource could carry anything (a name, free text) in those fields.
 */
export function rejection(position: string, value: unknown, reason: string): RejectedResource {
  const type = isObject(value) ? value.resourceType : undefined;
  const id = isObject(value) ? value.id : undefined;
  return {
    position,
    resourceType: typeof type === 'string' && R4_RESOURCE_TYPES.has(type) ? type : null,
    id: isFhirId(id) ? id : null,
    reason,
  };
}
