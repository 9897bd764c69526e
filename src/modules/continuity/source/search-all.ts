import type { FhirResource } from '../fhir/resource.js';
import { requestFailed, sameOrigin, send, type AccessTokenSource, type HttpOptions } from './http.js';
import { sourceError } from './errors.js';

export interface SearchAllOptions extends HttpOptions {
  baseUrl: string;
  auth: AccessTokenSource | null;
  type: string;
  params?: Record<string, string | readonly string[]> | URLSearchParams;
  /** `_count` asked of the server per page. */
  pageSize?: number;
  /** More pages than this is an error rather than an endless walk. */
  maxPages?: number;
  /** Also yield `_include`d resources (search.mode = include). */
  includeIncluded?: boolean;
}

function firstUrl(options: SearchAllOptions): string {
  if (!/^[A-Z][A-Za-z]{1,63}$/.test(options.type)) {
    throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'The resource type to search is not a type name');
  }
  const query = new URLSearchParams();
  if (options.params instanceof URLSearchParams) {
    for (const [name, value] of options.params) query.append(name, value);
  } else {
    for (const [name, value] of Object.entries(options.params ?? {})) {
      for (const one of typeof value === 'string' ? [value] : value) query.append(name, one);
    }
  }
  if (options.pageSize !== undefined && !query.has('_count')) query.set('_count', String(options.pageSize));
  const text = query.toString();
  return `${options.baseUrl.replace(/\/$/, '')}/${options.type}${text === '' ? '' : `?${text}`}`;
}

type Json = Record<string, unknown>;

/**
 * A FHIR search followed through its `next` links, yielding the matched resources page by page. Next links
 * must stay on the server's origin, since the bearer token goes with them.
 */
export async function* searchAll(options: SearchAllOptions): AsyncGenerator<FhirResource> {
  const maxPages = options.maxPages ?? 1000;
  let url: string | null = firstUrl(options);
  for (let page = 1; url !== null; page += 1) {
    if (page > maxPages)
      throw sourceError('CONTINUITY_SOURCE_PAGE_LIMIT', 'The search has more pages than allowed', {
        maxPages,
      });
    const response = await send(url, { headers: { accept: 'application/fhir+json' } }, options, {
      auth: options.auth,
      retryNetworkErrors: true,
    });
    if (!response.ok) throw await requestFailed(response, 'search');
    const bundle = (await response.json().catch(() => null)) as Json | null;
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') {
      throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'The search answer is not a searchset Bundle', {
        page,
      });
    }
    for (const entry of Array.isArray(bundle.entry) ? (bundle.entry as Json[]) : []) {
      const resource = entry?.resource as FhirResource | undefined;
      const mode = (entry?.search as Json | undefined)?.mode;
      if (typeof resource?.resourceType !== 'string') continue;
      if (mode === 'outcome' || (mode === 'include' && !options.includeIncluded)) continue;
      yield resource;
    }
    const links = Array.isArray(bundle.link) ? (bundle.link as Json[]) : [];
    const next = links.find((link) => link?.relation === 'next')?.url;
    url = null;
    if (typeof next === 'string') {
      const resolved = new URL(next, options.baseUrl).toString();
      if (!sameOrigin(resolved, options.baseUrl)) {
        throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'A next link leads to another origin', {
          page,
        });
      }
      url = resolved;
    }
  }
}
