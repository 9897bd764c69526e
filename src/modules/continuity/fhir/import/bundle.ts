import { randomUUID } from 'node:crypto';
import type { RejectedResource } from '../../types.js';
import { type FhirResource, type JsonObject, isObject } from '../resource.js';
import { isFhirId } from '../validate/datatypes.js';
import { validateResource } from '../validate/validate.js';
import { rejection } from './rejection.js';
import { rewriteReferences } from './rewrite.js';

export interface BundleImport {
  resources: FhirResource[];
  rejected: RejectedResource[];
}

const IMPORTED_TYPES = new Set(['document', 'collection', 'transaction', 'batch', 'searchset']);
const URN_UUID_PREFIX = 'urn:uuid:';

interface Candidate {
  position: string;
  resource: JsonObject;
  id: string;
}

/**
 * Reads the resources of a Bundle. References to other entries by fullUrl (`urn:uuid:…` in
 * transactions and documents, absolute URLs elsewhere) become `Type/id`, so the resources stand on
 * their own once the bundle is gone; conditional references (`Organization?identifier=…`) stay as they
 * are. A malformed entry is rejected with its position (`bundle entry 12` is `Bundle.entry[12]`) and
 * the rest proceed. Never throws: any input yields resources, rejections, or both.
 */
export function readBundle(json: unknown): BundleImport {
  if (!isObject(json) || json.resourceType !== 'Bundle') {
    return refuseWhole(json, 'input is not a FHIR Bundle');
  }
  if (typeof json.type !== 'string' || !IMPORTED_TYPES.has(json.type)) {
    return refuseWhole(json, 'Bundle.type is not document, collection, transaction, batch or searchset');
  }
  if (json.entry === undefined) return { resources: [], rejected: [] };
  if (!Array.isArray(json.entry)) return refuseWhole(json, 'Bundle.entry is not a list');

  const rejected: RejectedResource[] = [];
  const candidates: Candidate[] = [];
  const targets = new Map<string, string>();
  json.entry.forEach((entry: unknown, index) => {
    const position = `bundle entry ${index}`;
    const found = entryResource(entry);
    if (found.kind === 'skip') return;
    if (found.kind === 'refuse') {
      rejected.push(rejection(position, undefined, found.reason));
      return;
    }
    const checked = validateResource(found.resource);
    if (!checked.ok) {
      rejected.push(rejection(position, found.resource, checked.reason));
      return;
    }
    const id = checked.resource.id ?? idFromFullUrl(found.fullUrl) ?? randomUUID();
    if (found.fullUrl !== undefined) targets.set(found.fullUrl, `${checked.resource.resourceType}/${id}`);
    candidates.push({ position, resource: checked.resource, id });
  });

  const resources: FhirResource[] = [];
  for (const candidate of candidates) {
    const rewritten = rewriteReferences(candidate.resource, targets);
    const resource = (
      rewritten.id === candidate.id ? rewritten : { ...rewritten, id: candidate.id }
    ) as FhirResource;
    resources.push(resource);
  }
  return { resources, rejected };
}

function refuseWhole(json: unknown, reason: string): BundleImport {
  return { resources: [], rejected: [rejection('bundle', json, reason)] };
}

type EntryContent =
  | { kind: 'resource'; resource: unknown; fullUrl: string | undefined }
  | { kind: 'skip' }
  | { kind: 'refuse'; reason: string };

/** The entry's resource, a skip for entries that carry no data by design, or why the entry is refused. */
function entryResource(entry: unknown): EntryContent {
  if (!isObject(entry)) return { kind: 'refuse', reason: 'bundle entry is not an object' };
  const search = entry.search;
  // A searchset's OperationOutcome (mode "outcome") is the server talking about the search, not data.
  if (isObject(search) && search.mode === 'outcome') return { kind: 'skip' };
  const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
  if (entry.resource === undefined) {
    const method = isObject(entry.request) ? entry.request.method : undefined;
    // Transaction and batch entries that delete or read carry no resource.
    if (method === 'DELETE' || method === 'GET' || method === 'HEAD') return { kind: 'skip' };
    return { kind: 'refuse', reason: 'bundle entry has no resource' };
  }
  return { kind: 'resource', resource: entry.resource, fullUrl };
}
/** Synthea and most document builders use the same UUID for the fullUrl and the id they leave out. */
function idFromFullUrl(fullUrl: string | undefined): string | undefined {
  if (!fullUrl?.startsWith(URN_UUID_PREFIX)) return undefined;
  const uuid = fullUrl.slice(URN_UUID_PREFIX.length);
  return isFhirId(uuid) ? uuid : undefined;
}
