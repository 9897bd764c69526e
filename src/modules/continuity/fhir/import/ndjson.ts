import type { RejectedResource } from '../../types.js';
import type { FhirResource } from '../resource.js';
import { validateResource } from '../validate/validate.js';
import { rejection } from './rejection.js';

export type NdjsonItem = { resource: FhirResource } | { rejected: RejectedResource };

/**
 * Reads NDJSON (Bulk Data export files): one resource per line, blank lines skipped. A bad line is
 * rejected with its 1-based line number and reading goes on. Each item of `lines` is one line.
 * Resources need an id here: unlike a bundle, nothing else in the file could name them.
 */
export async function* readNdjson(lines: AsyncIterable<string>): AsyncGenerator<NdjsonItem> {
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    // trim() also drops a byte-order mark and a trailing carriage return.
    const line = raw.trim();
    if (line === '') continue;
    const position = `line ${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { rejected: rejection(position, undefined, 'line is not valid JSON') };
      continue;
    }
    const checked = validateResource(value);
    if (!checked.ok) yield { rejected: rejection(position, value, checked.reason) };
    else if (checked.resource.id === undefined) {
      yield { rejected: rejection(position, value, `${checked.resource.resourceType}.id is missing`) };
    } else yield { resource: checked.resource };
  }
}
