import { randomUUID } from 'node:crypto';
import { LifelineError } from '../../../../kernel/errors.js';
import { FHIR_ID, isFhirResource, R4_RESOURCE_TYPES, type FhirResource } from '../fhir-types.js';
import { outcomeFor } from '../outcome.js';
import { searchStore } from '../store/search.js';
import type { EhrStore, PreparedWrite, StoredVersion } from '../store/store.js';
import { rewriteReferences } from './references.js';
import { ehrError, type EhrErrorCode } from '../errors.js';

export interface BundleOptions {
  /**
   * `server` (the R4 rule for create): a POSTed resource gets a new id. `keep`: it keeps its own id when
   * that id is valid and free, so seeded corpora stay recognisable.
   */
  ids?: 'server' | 'keep';
  /** Fault injection: entries this picks are refused (a transaction then fails whole). */
  refuseEntry?: ((resource: FhirResource, index: number) => boolean) | null;
}

export interface BundleResult {
  response: FhirResource;
  written: StoredVersion[];
  /** Entries that failed (batch only; a failed transaction throws). */
  failed: number;
}

interface Plan {
  index: number;
  type: string;
  id: string;
  fullUrl: string | null;
  resource: FhirResource | null;
  existing: StoredVersion | null;
}

type Json = Record<string, unknown>;

function failure(code: EhrErrorCode, message: string, index: number): LifelineError {
  return ehrError(code, message, { entry: index });
}

export function queryPairs(query: string): [string, string][] {
  return [...new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)];
}

function matchOne(store: EhrStore, type: string, query: string, index: number): StoredVersion | null {
  const matches = searchStore(store, type, queryPairs(query));
  if (matches.length > 1)
    throw failure('CONTINUITY_EHR_CONDITION_AMBIGUOUS', 'A condition matched several resources', index);
  return matches[0] ?? null;
}

/** Ids the bundle has claimed so far, by type. */
type Claimed = Map<string, Set<string>>;

function identify(
  store: EhrStore,
  entry: unknown,
  index: number,
  options: BundleOptions,
  taken: Claimed,
): Plan {
  const object = (typeof entry === 'object' && entry !== null ? entry : {}) as Json;
  const request = (
    typeof object.request === 'object' && object.request !== null ? object.request : {}
  ) as Json;
  const resource = object.resource;
  const fullUrl = typeof object.fullUrl === 'string' ? object.fullUrl : null;
  if (!isFhirResource(resource))
    throw failure('CONTINUITY_EHR_INVALID_RESOURCE', 'The entry holds no resource', index);
  const type = resource.resourceType;
  const url = typeof request.url === 'string' ? request.url.replace(/^\//, '') : '';
  let claimed = taken.get(type);
  if (!claimed) taken.set(type, (claimed = new Set()));
  const inBundle = claimed;
  const claim = (id: string): string => {
    inBundle.add(id);
    return id;
  };
  const fresh = (): string => {
    const own = resource.id;
    const keep = options.ids === 'keep' && typeof own === 'string' && FHIR_ID.test(own);
    if (keep && !store.version(type, own) && !inBundle.has(own)) return claim(own);
    return claim(store.allocateId(type, inBundle));
  };
  if (request.method === 'POST') {
    if (url.split('?')[0] !== type)
      throw failure('CONTINUITY_EHR_INVALID_REQUEST', 'The POST url is not the resource type', index);
    const condition = typeof request.ifNoneExist === 'string' ? request.ifNoneExist : null;
    const existing = condition === null ? null : matchOne(store, type, condition, index);
    if (existing) return { index, type, id: existing.id, fullUrl, resource: null, existing };
    return { index, type, id: fresh(), fullUrl, resource, existing: null };
  }
  if (request.method === 'PUT') {
    const [path = '', query] = url.split('?');
    if (query !== undefined) {
      if (path !== type)
        throw failure('CONTINUITY_EHR_INVALID_REQUEST', 'The PUT url does not name the resource type', index);
      const existing = matchOne(store, type, query, index);
      return { index, type, id: existing ? claim(existing.id) : fresh(), fullUrl, resource, existing: null };
    }
    const [urlType, id, extra] = path.split('/');
    if (
      urlType !== type ||
      id === undefined ||
      extra !== undefined ||
      !FHIR_ID.test(id) ||
      (resource.id !== undefined && resource.id !== id)
    ) {
      throw failure(
        'CONTINUITY_EHR_INVALID_REQUEST',
        'The PUT url must be Type/id matching the resource',
        index,
      );
    }
    return { index, type, id: claim(id), fullUrl, resource, existing: null };
  }
  throw failure('CONTINUITY_EHR_INVALID_REQUEST', 'Only POST and PUT entries are supported', index);
}

/** Resolves fullUrls of the bundle and conditional references (`Type?query`) to `Type/id`. */
function resolver(store: EhrStore, plans: Plan[]): (reference: string, index: number) => string {
  const byFullUrl = new Map<string, string>();
  for (const plan of plans) if (plan.fullUrl) byFullUrl.set(plan.fullUrl, `${plan.type}/${plan.id}`);
  const conditional = new Map<string, string>();
  return (reference, index) => {
    const mapped = byFullUrl.get(reference);
    if (mapped) return mapped;
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
      throw failure(
        'CONTINUITY_EHR_REFERENCE_UNRESOLVED',
        'A urn reference names no entry of the bundle',
        index,
      );
    }
    const question = reference.indexOf('?');
    const type = reference.slice(0, question);
    if (question <= 0 || !R4_RESOURCE_TYPES.has(type)) return reference;
    const cached = conditional.get(reference);
    if (cached) return cached;
    const match = matchOne(store, type, reference.slice(question + 1), index);
    if (!match)
      throw failure('CONTINUITY_EHR_REFERENCE_UNRESOLVED', 'A conditional reference matched nothing', index);
    const resolved = `${type}/${match.id}`;
    conditional.set(reference, resolved);
    return resolved;
  };
}

function prepare(store: EhrStore, plans: Plan[], options: BundleOptions): PreparedWrite[] {
  const resolve = resolver(store, plans);
  const writes: PreparedWrite[] = [];
  for (const plan of plans) {
    if (!plan.resource) continue;
    const rewritten = rewriteReferences({ ...plan.resource, id: plan.id }, (reference) =>
      resolve(reference, plan.index),
    );
    if (options.refuseEntry?.(rewritten, plan.index)) {
      throw failure('CONTINUITY_EHR_ENTRY_REFUSED', 'The EHR refused this entry', plan.index);
    }
    try {
      writes.push(store.prepareUpdate(rewritten));
    } catch (error) {
      if (!(error instanceof LifelineError)) throw error;
      throw ehrError(error.code as EhrErrorCode, error.message, { ...error.details, entry: plan.index });
    }
  }
  return writes;
}

function responseEntry(plan: Plan, version: StoredVersion, created: boolean): Json {
  return {
    response: {
      status: created ? '201 Created' : '200 OK',
      location: `${plan.type}/${plan.id}/_history/${version.versionId}`,
      etag: `W/"${version.versionId}"`,
      lastModified: new Date(version.lastUpdated).toISOString(),
    },
  };
}

/** Plans, checks and commits a set of entries together: all are written or none is. */
function applyTogether(
  store: EhrStore,
  entries: unknown[],
  offset: number,
  options: BundleOptions,
): { json: Json[]; written: StoredVersion[] } {
  const taken: Claimed = new Map();
  const plans = entries.map((entry, at) => identify(store, entry, offset + at, options, taken));
  const writes = prepare(store, plans, options);
  const written = store.commit(writes);
  let next = 0;
  const json = plans.map((plan) => {
    if (plan.existing) return responseEntry(plan, plan.existing, false);
    const write = writes[next]!;
    return responseEntry(plan, written[next++]!, write.created);
  });
  return { json, written };
}

/** Processes a transaction (all or nothing, throws on failure) or a batch (entry by entry). */
export function processBundle(store: EhrStore, bundle: unknown, options: BundleOptions = {}): BundleResult {
  if (!isFhirResource(bundle) || bundle.resourceType !== 'Bundle') {
    throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', 'The body is not a Bundle');
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (bundle.type === 'transaction') {
    const { json, written } = applyTogether(store, entries, 0, options);
    return {
      response: { resourceType: 'Bundle', id: randomUUID(), type: 'transaction-response', entry: json },
      written,
      failed: 0,
    };
  }
  if (bundle.type !== 'batch') {
    throw ehrError('CONTINUITY_EHR_INVALID_REQUEST', 'Only transaction and batch bundles can be posted');
  }
  const json: Json[] = [];
  const written: StoredVersion[] = [];
  let failed = 0;
  entries.forEach((entry, index) => {
    try {
      const result = applyTogether(store, [entry], index, options);
      json.push(...result.json);
      written.push(...result.written);
    } catch (error) {
      failed += 1;
      const { status, outcome } = outcomeFor(error);
      json.push({ response: { status: String(status), outcome } });
    }
  });
  return {
    response: { resourceType: 'Bundle', id: randomUUID(), type: 'batch-response', entry: json },
    written,
    failed,
  };
}
