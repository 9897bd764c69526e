import { isLifelineError } from '../../../../kernel/errors.js';
import type { FhirResource } from '../../fhir/index.js';
import { asArray, asObject, asString, isObject } from '../parse/fields.js';

/**
 * What the EHR said when it refused a transaction, made safe to keep: an OperationOutcome may quote
 * what it refused (a name, a note), so every value the transaction carried is blanked out of it,
 * along with anything shaped like a record number or an e-mail address.
 */

const MAX_BODY = 256 * 1024;
const MAX_MESSAGE = 400;
/** Elements whose values are FHIR vocabulary, not anything a person wrote. */
const VOCABULARY = new Set([
  'resourceType',
  'type',
  'system',
  'code',
  'status',
  'unit',
  'contentType',
  'method',
  'url',
  'use',
  'fullUrl',
  'ifNoneExist',
]);

/** A fetch that keeps the body of the last refused answer (the caller's copy stays readable). */
export function capturingFetch(base: typeof fetch = fetch): {
  fetch: typeof fetch;
  refusal(): string | null;
} {
  let last: string | null = null;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await base(input, init);
    if (response.status >= 400 && response.status !== 401) {
      last = await response
        .clone()
        .text()
        .then((body) => body.slice(0, MAX_BODY))
        .catch(() => null);
    }
    return response;
  };
  return { fetch: wrapped, refusal: () => last };
}

/** Every value a person could have written in the transaction. */
export function sensitiveValues(bundle: FhirResource): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (VOCABULARY.has(key) || value.length < 3) return;
      found.add(value);
      if (key === 'data')
        for (const word of decoded(value).split(/\s+/)) if (word.length >= 3) found.add(word);
      return;
    }
    if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (isObject(value)) for (const [name, item] of Object.entries(value)) walk(item, name);
  };
  walk(bundle, '');
  return [...found];
}

function decoded(base64: string): string {
  try {
    return Buffer.from(base64, 'base64').toString('utf8');
  } catch {
    return '';
  }
}

export function sanitise(text: string, sensitive: readonly string[]): string {
  const flat = (value: string): string => value.replace(/\p{Cc}+/gu, ' ');
  let safe = flat(text);
  const values = sensitive.map(flat).filter((value) => value.length >= 3);
  // Longest first, so a short value inside a longer one cannot leave the rest of it behind.
  for (const value of values.sort((a, b) => b.length - a.length)) safe = safe.split(value).join('…');
  safe = safe
    .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, '…')
    .replace(/\d{5,}/g, '…')
    .trim();
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE - 1)}…` : safe;
}

export interface Refusal {
  message: string;
  /** The entry the EHR named (Bundle.entry[n]), when it named one. */
  entry: number | null;
}

/** Reads the failure of a post: the EHR's OperationOutcome when there was one, else what went wrong. */
export function describeFailure(error: unknown, body: string | null, sensitive: readonly string[]): Refusal {
  const code = isLifelineError(error) ? error.code : null;
  if (code === 'CONTINUITY_SOURCE_REQUEST_FAILED') {
    const status = isLifelineError(error) ? error.details.status : null;
    const outcome = readOutcome(body, sensitive);
    const head = `The EHR refused the transaction (HTTP ${String(status ?? '?')}${
      outcome.codes.length > 0 ? `, ${outcome.codes.join(', ')}` : ''
    })`;
    return {
      message: outcome.text === '' ? head : `${head}: ${outcome.text}`,
      entry: outcome.entry,
    };
  }
  if (code === 'CONTINUITY_SOURCE_UNREACHABLE')
    return { message: 'The EHR could not be reached; post again later', entry: null };
  if (code === 'CONTINUITY_SOURCE_UNAVAILABLE')
    return { message: 'The EHR stayed unavailable; post again later', entry: null };
  if (code !== null && code.startsWith('CONTINUITY_SOURCE_'))
    return { message: `The EHR could not take the transaction (${code}); post again later`, entry: null };
  return { message: 'The transaction failed unexpectedly; post again later', entry: null };
}

function readOutcome(
  body: string | null,
  sensitive: readonly string[],
): { codes: string[]; text: string; entry: number | null } {
  let json: unknown;
  try {
    json = body === null ? null : JSON.parse(body);
  } catch {
    json = null;
  }
  const issues = isObject(json) && json.resourceType === 'OperationOutcome' ? asArray(json.issue) : [];
  const codes: string[] = [];
  const texts: string[] = [];
  let entry: number | null = null;
  for (const issue of issues.map(asObject)) {
    const code = asString(issue?.code);
    if (code !== undefined && /^[a-z-]{1,40}$/.test(code) && !codes.includes(code)) codes.push(code);
    const diagnostics = asString(issue?.diagnostics) ?? asString(asObject(issue?.details)?.text);
    if (diagnostics !== undefined) texts.push(sanitise(diagnostics, sensitive));
    for (const expression of [...asArray(issue?.expression), ...asArray(issue?.location)]) {
      const match = typeof expression === 'string' ? /Bundle\.entry\[(\d{1,6})\]/.exec(expression) : null;
      if (match && entry === null) entry = Number(match[1]);
    }
  }
  return { codes, text: sanitise(texts.join('; '), sensitive), entry };
}
