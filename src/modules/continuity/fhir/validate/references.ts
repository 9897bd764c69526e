import { isFhirId } from './datatypes.js';
import { R4_RESOURCE_TYPES } from './resource-types.js';

/**
 * What a Reference.reference string points at. Literal references name a type and id (relative
 * `Patient/1`, or absolute `https://host/fhir/Patient/1`); bundles also use `urn:uuid:` and `urn:oid:`
 * fullUrls, contained resources `#id`, and transactions conditional references (`Organization?identifier=…`).
 */
export type ParsedReference =
  | { kind: 'literal'; type: string; id: string; absolute: boolean }
  | { kind: 'urn'; urn: string }
  | { kind: 'contained'; id: string }
  | { kind: 'conditional'; type: string };

const URN_UUID = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const WHITESPACE = /\s/;
const HISTORY = '/_history/';

export function parseReference(reference: string): ParsedReference | null {
  if (reference.startsWith('#')) return { kind: 'contained', id: reference.slice(1) };
  if (reference.startsWith('urn:')) {
    return URN_UUID.test(reference) || URN_OID.test(reference) ? { kind: 'urn', urn: reference } : null;
  }
  if (reference === '' || WHITESPACE.test(reference)) return null;
  const query = reference.indexOf('?');
  if (query > 0) {
    const type = reference.slice(0, query);
    return R4_RESOURCE_TYPES.has(type) ? { kind: 'conditional', type } : null;
  }
  let path = reference;
  const history = path.indexOf(HISTORY);
  if (history >= 0) {
    if (!isFhirId(path.slice(history + HISTORY.length))) return null;
    path = path.slice(0, history);
  }
  const idStart = path.lastIndexOf('/');
  if (idStart <= 0) return null;
  const typeStart = path.lastIndexOf('/', idStart - 1) + 1;
  const type = path.slice(typeStart, idStart);
  const id = path.slice(idStart + 1);
  if (!R4_RESOURCE_TYPES.has(type) || !isFhirId(id)) return null;
  if (typeStart === 0) return { kind: 'literal', type, id, absolute: false };
  const base = path.slice(0, typeStart);
  if (!base.startsWith('http://') && !base.startsWith('https://')) return null;
  return { kind: 'literal', type, id, absolute: true };
}
