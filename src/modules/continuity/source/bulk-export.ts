import { isLifelineError } from '../../../kernel/errors.js';
import type { FhirResource } from '../fhir/resource.js';
import type { RejectedResource } from '../types.js';
import { parseManifest, type BulkManifest, type ManifestFile } from './bulk-manifest.js';
import {
  aborted,
  requestFailed,
  retryAfterMs,
  sameOrigin,
  send,
  sleep,
  type AccessTokenSource,
  type HttpOptions,
  discard,
} from './http.js';
import { readLines } from './ndjson-lines.js';
import { sourceError } from './errors.js';

export type ExportLevel = { kind: 'system' } | { kind: 'patient' } | { kind: 'group'; groupId: string };

export interface BulkExportOptions extends Omit<HttpOptions, 'signal'> {
  /** FHIR base URL, e.g. https://ehr.example/fhir */
  baseUrl: string;
  auth: AccessTokenSource | null;
  level?: ExportLevel;
  /** `_type`: only these resource types. */
  types?: readonly string[];
  /** `_since`: only resources changed after this instant (the previous export's transactionTime). */
  since?: string | null;
  /** Ask the server to skip what it cannot do (`Prefer: handling=lenient`) and report it in error files. */
  lenient?: boolean;
  signal?: AbortSignal;
  /** Wait between polls when the server sends no Retry-After. */
  pollIntervalMs?: number;
  /** Upper bound on any wait between polls, Retry-After included. */
  maxPollIntervalMs?: number;
  /** From kick-off to manifest; the job is cancelled when it runs out. */
  timeoutMs?: number;
  maxLineLength?: number;
}

function kickOffUrl(options: BulkExportOptions): string {
  const base = options.baseUrl.replace(/\/$/, '');
  const level = options.level ?? { kind: 'system' };
  const path =
    level.kind === 'system'
      ? '$export'
      : level.kind === 'patient'
        ? 'Patient/$export'
        : `Group/${encodeURIComponent(level.groupId)}/$export`;
  const query = new URLSearchParams({ _outputFormat: 'application/fhir+ndjson' });
  if (options.types && options.types.length > 0) query.set('_type', options.types.join(','));
  if (options.since) query.set('_since', options.since);
  return `${base}/${path}?${query.toString()}`;
}

/**
 * A Bulk Data export in progress: iterate it for the resources, file after file, each file streamed line
 * by line. Once the manifest arrives `transactionTime` holds the value to pass as `since` next time.
 * Error-file OperationOutcomes and unreadable lines are collected, not thrown. Stopping the iteration
 * early, an abort or a failure cancels the job at the server.
 */
export class BulkExportRun implements AsyncIterable<FhirResource> {
  transactionTime: string | null = null;
  readonly outcomes: FhirResource[] = [];
  readonly rejected: RejectedResource[] = [];
  resourceCount = 0;
  private started = false;

  constructor(private readonly options: BulkExportOptions) {}

  [Symbol.asyncIterator](): AsyncIterator<FhirResource> {
    if (this.started) throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'An export run can be iterated once');
    this.started = true;
    return this.run();
  }

  private http(): HttpOptions {
    const { fetch, retry, requestTimeoutMs, signal } = this.options;
    return {
      ...(fetch ? { fetch } : {}),
      ...(retry ? { retry } : {}),
      ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  private async *run(): AsyncGenerator<FhirResource> {
    const statusUrl = await this.kickOff();
    try {
      const manifest = await this.awaitManifest(statusUrl);
      this.transactionTime = manifest.transactionTime;
      for (const [index, file] of manifest.output.entries()) {
        for await (const resource of this.download(manifest, file, index + 1)) {
          this.resourceCount += 1;
          yield resource;
        }
      }
      for (const [index, file] of manifest.error.entries()) {
        for await (const outcome of this.download(manifest, file, index + 1)) this.outcomes.push(outcome);
      }
    } catch (error) {
      // However the abort surfaced (a broken body, a failed parse), the caller asked for it.
      if (this.options.signal?.aborted) throw aborted();
      throw error;
    } finally {
      // Done or abandoned, the server may drop the job and its files.
      await this.deleteJob(statusUrl);
    }
  }

  private async kickOff(): Promise<string> {
    const prefer = this.options.lenient ? 'respond-async, handling=lenient' : 'respond-async';
    const url = kickOffUrl(this.options);
    const response = await send(url, { headers: { accept: 'application/fhir+json', prefer } }, this.http(), {
      auth: this.options.auth,
    });
    if (response.status !== 202) {
      if (response.ok) {
        await discard(response);
        throw sourceError(
          'CONTINUITY_SOURCE_PROTOCOL',
          'The export kick-off was not accepted asynchronously',
          { status: response.status },
        );
      }
      throw await requestFailed(response, 'export kick-off');
    }
    await discard(response);
    const location = response.headers.get('content-location');
    if (!location)
      throw sourceError('CONTINUITY_SOURCE_PROTOCOL', 'The kick-off response has no Content-Location');
    const statusUrl = new URL(location, this.options.baseUrl).toString();
    if (this.options.auth && !sameOrigin(statusUrl, this.options.baseUrl)) {
      throw sourceError(
        'CONTINUITY_SOURCE_PROTOCOL',
        'The status URL is on another origin than the FHIR server',
      );
    }
    return statusUrl;
  }

  private async awaitManifest(statusUrl: string): Promise<BulkManifest> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 3_600_000);
    const cap = this.options.maxPollIntervalMs ?? 60_000;
    for (;;) {
      const response = await send(statusUrl, { headers: { accept: 'application/json' } }, this.http(), {
        auth: this.options.auth,
        retryNetworkErrors: true,
      });
      if (response.status === 200) {
        const body: unknown = await response.json().catch(() => null);
        return parseManifest(body, statusUrl);
      }
      if (response.status !== 202) {
        const failed = await requestFailed(response, 'export');
        throw sourceError('CONTINUITY_SOURCE_EXPORT_FAILED', 'The export job failed', failed.details);
      }
      await discard(response);
      const wait = Math.min(
        cap,
        retryAfterMs(response.headers.get('retry-after')) ?? this.options.pollIntervalMs ?? 2000,
      );
      if (Date.now() + wait > deadline) {
        throw sourceError('CONTINUITY_SOURCE_EXPORT_TIMEOUT', 'The export did not finish in time');
      }
      await sleep(wait, this.options.signal);
    }
  }

  private async *download(
    manifest: BulkManifest,
    file: ManifestFile,
    number: number,
  ): AsyncGenerator<FhirResource> {
    if (manifest.requiresAccessToken && !sameOrigin(file.url, this.options.baseUrl)) {
      // The token must not travel to another host.
      throw sourceError(
        'CONTINUITY_SOURCE_PROTOCOL',
        'An export file needing the token is on another origin',
      );
    }
    const response = await send(file.url, { headers: { accept: 'application/fhir+ndjson' } }, this.http(), {
      auth: manifest.requiresAccessToken ? this.options.auth : null,
      retryNetworkErrors: true,
    });
    if (!response.ok) throw await requestFailed(response, 'export file download');
    if (!response.body) return;
    let line = 0;
    try {
      for await (const text of readLines(
        response.body,
        this.options.maxLineLength ? { maxLineLength: this.options.maxLineLength } : {},
      )) {
        line += 1;
        if (text.trim() === '') continue;
        const parsed = this.parseLine(text, file, `file ${number} (${file.type}) line ${line}`);
        if (parsed) yield parsed;
      }
    } catch (error) {
      if (this.options.signal?.aborted) throw aborted();
      if (isLifelineError(error)) throw error;
      throw sourceError(
        'CONTINUITY_SOURCE_UNREACHABLE',
        'The export file download broke off',
        { line },
        { cause: error },
      );
    }
  }

  private parseLine(text: string, file: ManifestFile, position: string): FhirResource | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.rejected.push({ position, resourceType: null, id: null, reason: 'The line is not JSON' });
      return null;
    }
    const resource = value as Partial<FhirResource> | null;
    if (
      typeof resource !== 'object' ||
      resource === null ||
      Array.isArray(resource) ||
      typeof resource.resourceType !== 'string'
    ) {
      this.rejected.push({
        position,
        resourceType: null,
        id: null,
        reason: 'The line is not a FHIR resource',
      });
      return null;
    }
    if (resource.resourceType !== file.type) {
      const id = typeof resource.id === 'string' ? resource.id.slice(0, 64) : null;
      this.rejected.push({
        position,
        resourceType: resource.resourceType.slice(0, 64),
        id,
        reason: 'The resource type differs from the file type',
      });
      return null;
    }
    return resource as FhirResource;
  }

  private async deleteJob(statusUrl: string): Promise<void> {
    try {
      const response = await send(
        statusUrl,
        { method: 'DELETE' },
        {
          ...this.http(),
          signal: AbortSignal.timeout(10_000),
          retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        },
        { auth: this.options.auth },
      );
      await discard(response);
    } catch {
      // Best effort: the server expires jobs on its own.
    }
  }
}

/** Starts nothing until iterated; see BulkExportRun. */
export function bulkExport(options: BulkExportOptions): BulkExportRun {
  return new BulkExportRun(options);
}
