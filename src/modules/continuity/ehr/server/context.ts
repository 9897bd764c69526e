import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import type { FhirResource } from '../fhir-types.js';
import type { EhrStore } from '../store/store.js';
import type { BulkJobs } from './bulk-jobs.js';
import type { RegisteredClient, ReplayCache } from './jwt-verify.js';
import { permits, type Permission } from './scopes.js';
import type { SearchPages } from './search-pages.js';
import type { IssuedToken, TokenRegistry } from './tokens.js';
import { ehrError } from '../errors.js';

/**
 * Switches that make the double misbehave on purpose, so callers' failure handling can be tested and
 * demonstrated. Change them at any time; each request reads them afresh.
 */
export interface EhrFaults {
  /** Every request is answered 503 while set. */
  unavailable: boolean;
  /** The next this many requests are answered 503, then the double recovers. */
  failNextRequests: number;
  /** The Retry-After seconds sent with those 503s. */
  retryAfterSeconds: number;
  /** Bundle entries this picks are refused: a transaction then fails whole, a batch entry alone. */
  refuseEntry: ((resource: FhirResource, index: number) => boolean) | null;
}

export interface EhrContext {
  store: EhrStore;
  clock: () => Date;
  /** Origin the clients use, e.g. `http://127.0.0.1:41234`; known once listening. */
  origin: string;
  clients: ReadonlyMap<string, RegisteredClient>;
  keys: WeakMap<RegisteredClient, KeyObject>;
  replay: ReplayCache;
  tokens: TokenRegistry;
  faults: EhrFaults;
  jobs: BulkJobs;
  pages: SearchPages;
  defaultPageSize: number;
  maxPageSize: number;
}

export function fhirBase(context: EhrContext): string {
  return `${context.origin}/fhir`;
}

export function tokenUrl(context: EhrContext): string {
  return `${context.origin}/auth/token`;
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Sends a FHIR JSON body; a string is sent as it is (stored resources are kept serialised). */
export function sendFhir(reply: FastifyReply, status: number, body: string | object): FastifyReply {
  return reply
    .code(status)
    .header('content-type', FHIR_JSON)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The caller's token, which must allow `permission` on every type in `types`. */
export function authorize(
  context: EhrContext,
  request: FastifyRequest,
  types: readonly string[],
  permission: Permission,
): IssuedToken {
  const token = context.tokens.check(request.headers.authorization);
  for (const type of types) {
    if (!permits(token.grants, type, permission)) {
      throw ehrError('CONTINUITY_EHR_SCOPE_INSUFFICIENT', 'The token scopes do not cover this request', {
        resourceType: type,
      });
    }
  }
  return token;
}

/** Query parameters in order, repeated ones kept (`_lastUpdated=ge…&_lastUpdated=lt…`). */
export function queryOf(request: FastifyRequest): [string, string][] {
  const question = request.url.indexOf('?');
  return question < 0 ? [] : [...new URLSearchParams(request.url.slice(question + 1))];
}

/** `Prefer: handling=strict` asks the server to refuse what it does not support instead of ignoring it. */
export function strictHandling(request: FastifyRequest): boolean {
  return /handling\s*=\s*strict/i.test(String(request.headers.prefer ?? ''));
}
