import { readFile } from 'node:fs/promises';
import type { FhirSourceConfig } from '../config.js';
import type { FhirResource } from '../fhir/index.js';
import type { SourceItem } from '../mirror/ingest.js';
import { SmartBackendAuth, bulkExport, searchAll } from '../source/index.js';
import type { RejectedResource } from '../types.js';

/** One pull from a FHIR source: the items to ingest, then what the source reported at the end. */
export interface SourcePull {
  items: AsyncIterable<SourceItem>;
  /** After the items are consumed: the next `_since`, and rejections the source itself reported. */
  finish(): { bookmark: string | null; rejections: RejectedResource[] };
}

const authCache = new Map<string, SmartBackendAuth>();

async function authFor(source: FhirSourceConfig): Promise<SmartBackendAuth | null> {
  if (!source.auth) return null;
  const cacheKey = `${source.id}|${source.auth.clientId}|${source.auth.privateKeyFile}`;
  const cached = authCache.get(cacheKey);
  if (cached) return cached;
  const auth = new SmartBackendAuth({
    clientId: source.auth.clientId,
    privateKey: await readFile(source.auth.privateKeyFile, 'utf8'),
    algorithm: source.auth.algorithm,
    scope: source.auth.scope,
    tokenUrl: source.auth.tokenUrl,
    fhirBaseUrl: source.baseUrl,
  });
  authCache.set(cacheKey, auth);
  return auth;
}

async function* resourcesOf(resources: AsyncIterable<FhirResource>): AsyncGenerator<SourceItem> {
  for await (const resource of resources) yield { resource };
}

/**
 * Pulls from a source as configured: a Bulk Data export (a delta from the bookmark when there is
 * one) or, for servers without Bulk Data, a paged search of each resource type.
 */
export async function pullSource(
  source: FhirSourceConfig,
  bookmark: string | null,
  signal?: AbortSignal,
): Promise<SourcePull> {
  const auth = await authFor(source);
  if (source.mode === 'bulk') {
    const run = bulkExport({
      baseUrl: source.baseUrl,
      auth,
      types: source.types,
      since: bookmark,
      ...(signal ? { signal } : {}),
    });
    return {
      items: resourcesOf(run),
      finish: () => ({ bookmark: run.transactionTime, rejections: [...run.rejected] }),
    };
  }
  const startedAt = new Date().toISOString();
  async function* all(): AsyncGenerator<SourceItem> {
    for (const type of source.types) {
      const params: Record<string, string> = bookmark ? { _lastUpdated: `gt${bookmark}` } : {};
      yield* resourcesOf(
        searchAll({ baseUrl: source.baseUrl, auth, type, params, ...(signal ? { signal } : {}) }),
      );
    }
  }
  return { items: all(), finish: () => ({ bookmark: startedAt, rejections: [] }) };
}
