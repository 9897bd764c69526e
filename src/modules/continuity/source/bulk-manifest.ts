import { LifelineError } from '../../../kernel/errors.js';
import { sourceError } from './errors.js';

export interface ManifestFile {
  type: string;
  url: string;
  count: number | null;
}

/** The complete-status body of a Bulk Data export (Bulk Data Access IG v2). */
export interface BulkManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: ManifestFile[];
  error: ManifestFile[];
}

function protocol(reason: string): LifelineError {
  return sourceError('CONTINUITY_SOURCE_PROTOCOL', reason);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function files(value: unknown, baseUrl: string, field: string): ManifestFile[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw protocol(`The manifest ${field} is not an array`);
  return value.map((item: unknown) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (
      typeof entry.type !== 'string' ||
      !/^[A-Za-z]{1,64}$/.test(entry.type) ||
      typeof entry.url !== 'string'
    ) {
      throw protocol(`A manifest ${field} entry has no type or url`);
    }
    let url: string;
    try {
      url = new URL(entry.url, baseUrl).toString();
    } catch {
      throw protocol(`A manifest ${field} url is not a URL`);
    }
    const count =
      typeof entry.count === 'number' && Number.isInteger(entry.count) && entry.count >= 0
        ? entry.count
        : null;
    return { type: entry.type, url, count };
  });
}

/** Checks a manifest's shape; never trusts it further than the fields the client uses. */
export function parseManifest(body: unknown, baseUrl: string): BulkManifest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw protocol('The manifest is not a JSON object');
  const manifest = body as Record<string, unknown>;
  if (typeof manifest.transactionTime !== 'string' || !INSTANT.test(manifest.transactionTime)) {
    throw protocol('The manifest transactionTime is not an instant');
  }
  if (typeof manifest.requiresAccessToken !== 'boolean')
    throw protocol('The manifest requiresAccessToken is not a boolean');
  return {
    transactionTime: manifest.transactionTime,
    request: typeof manifest.request === 'string' ? manifest.request : '',
    requiresAccessToken: manifest.requiresAccessToken,
    output: files(manifest.output, baseUrl, 'output'),
    error: files(manifest.error, baseUrl, 'error'),
  };
}
