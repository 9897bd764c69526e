import { LifelineError } from '../../../../kernel/errors.js';
// The module's codes must be registered wherever they can be thrown.
import '../errors.js';

export const NDJSON = 'application/x-ndjson';

/** The media type of a Content-Type header, without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The lines of a request body, one event each: NDJSON text split on LF (CRLF too, blank lines
 * skipped), or the members of a JSON array (a single object counts as one), each as JSON text for the
 * decoder.
 */
export function bodyLines(contentType: string | undefined, body: unknown): string[] {
  const type = mediaType(contentType);
  if (type === NDJSON && typeof body === 'string') {
    return body
      .split('\n')
      .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
      .filter((line) => line.trim() !== '');
  }
  if (type === 'application/json') {
    if (Array.isArray(body)) return body.map((item) => JSON.stringify(item) ?? 'null');
    if (typeof body === 'object' && body !== null) return [JSON.stringify(body)];
    throw new LifelineError('VALIDATION_FAILED', 'send a JSON array of events', { field: 'body' });
  }
  throw new LifelineError('DETECT_INGEST_UNSUPPORTED_MEDIA');
}
