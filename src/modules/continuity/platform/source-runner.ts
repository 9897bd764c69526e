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

/** An export error file's OperationOutcome, by its issue codes only: diagnostics may quote records. */
function exportProblem(outcome: FhirResource, index: number): RejectedResource {
  const issues = Array.isArray(outcome.issue) ? (outcome.issue as { code?: unknown }[]) : [];
  const codes = issues.map((issue) => (typeof issue.code === 'string' ? issue.code : 'unknown'));
  return {
    position: `export error ${index + 1}`,
    resourceType: null,
    id: null,
    reason: `the server could not export some resources (${codes.join(', ') || 'no issue code'})`,
  };
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
      finish: () => ({
        // Resources the server could not export are not in this pull: the next one starts from the
        // same point rather than skip them until they change again.
        bookmark: run.outcomes.length > 0 ? null : run.transactionTime,
        rejections: [...run.rejected, ...run.outcomes.map(exportProblem)],
      }),
    };
  }
  const startedAt = new Date().toISOString();
  async function* all(): AsyncGenerator<SourceItem> {
    for (const type of source.types) {
      const params: Record<string, string> = bookmark ? { _lastUpdated: `gt${bookmark}` } : {};
      yield* resourcesOf(
        // Large pages and a high page cap: a hospital's Observations run into the millions.
        searchAll({
          baseUrl: source.baseUrl,
          auth,
          type,
          params,
          pageSize: 1000,
          maxPages: 100_000,
          ...(signal ? { signal } : {}),
        }),
      );
    }
  }
  return { items: all(), finish: () => ({ bookmark: startedAt, rejections: [] }) };
}
