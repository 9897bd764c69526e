import { LifelineError } from '../../../kernel/errors.js';
import { sourceError } from './errors.js';

/** Anything that hands out bearer tokens; SmartBackendAuth is one. */
export interface AccessTokenSource {
  accessToken(signal?: AbortSignal): Promise<string>;
  /** Drops the cached token (when it is this one), after a server refused it. */
  invalidate(token?: string): void;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  /** Cap on any single wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface HttpOptions {
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Time to wait for response headers (a streamed body may take longer). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

export function aborted(): LifelineError {
  return sourceError('CONTINUITY_SOURCE_ABORTED', 'The pull was cancelled');
}

/** Drops a response body not needed; a body already broken off (aborted) is fine too. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number = Date.now()): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function backoff(policy: RetryPolicy, attempt: number, retryAfter: number | null): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, retryAfter ?? exponential);
}

/** Issue codes of an OperationOutcome body (safe to report: they come from a fixed FHIR value set). */
export async function outcomeCodes(response: Response): Promise<string[]> {
  try {
    const text = await response.text();
    if (text.length > 1_000_000) return [];
    const body = JSON.parse(text) as { resourceType?: unknown; issue?: { code?: unknown }[] };
    if (body.resourceType !== 'OperationOutcome' || !Array.isArray(body.issue)) return [];
    return body.issue
      .map((issue) => issue?.code)
      .filter((code): code is string => typeof code === 'string' && /^[a-z-]{1,40}$/.test(code));
  } catch {
    return [];
  }
}

export async function requestFailed(response: Response, what: string): Promise<LifelineError> {
  const issues = await outcomeCodes(response);
  return sourceError('CONTINUITY_SOURCE_REQUEST_FAILED', `The FHIR server refused the ${what}`, {
    status: response.status,
    issues,
  });
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export interface SendOptions {
  auth?: AccessTokenSource | null;
  /** Repeat after a network error; only for requests that are safe to repeat. */
  retryNetworkErrors?: boolean;
}

/**
 * One HTTP exchange with the retries a FHIR client owes a busy server: 429 and 503 are retried after
 * Retry-After (capped) or an exponential backoff, a 401 once with a fresh token. Other statuses are
 * returned for the caller to judge.
 */
export async function send(
  url: string,
  init: RequestInit | (() => RequestInit),
  http: HttpOptions,
  options: SendOptions = {},
): Promise<Response> {
  const policy = http.retry ?? DEFAULT_RETRY;
  const doFetch = http.fetch ?? fetch;
  let refreshed = false;
  for (let attempt = 0; ; attempt += 1) {
    if (http.signal?.aborted) throw aborted();
    const request = typeof init === 'function' ? init() : init;
    const headers = new Headers(request.headers);
    const token = options.auth ? await options.auth.accessToken(http.signal) : null;
    if (token) headers.set('authorization', `Bearer ${token}`);
    // The timeout covers the wait for headers only; the caller's signal also ends a streaming body.
    const timeout = new AbortController();
    const signal = http.signal ? AbortSignal.any([http.signal, timeout.signal]) : timeout.signal;
    const timer = setTimeout(() => timeout.abort(), http.requestTimeoutMs ?? 60_000);
    let response: Response;
    try {
      response = await doFetch(url, { ...request, headers, signal });
    } catch (error) {
      if (http.signal?.aborted) throw aborted();
      if (options.retryNetworkErrors && attempt + 1 < policy.attempts) {
        await sleep(backoff(policy, attempt, null), http.signal);
        continue;
      }
      throw sourceError(
        'CONTINUITY_SOURCE_UNREACHABLE',
        'The FHIR server cannot be reached',
        {},
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 401 && token && options.auth && !refreshed) {
      refreshed = true;
      options.auth.invalidate(token);
      await discard(response);
      attempt -= 1;
      continue;
    }
    if (response.status === 429 || response.status === 503) {
      await discard(response);
      if (attempt + 1 >= policy.attempts) {
        throw sourceError('CONTINUITY_SOURCE_UNAVAILABLE', 'The FHIR server stayed unavailable', {
          status: response.status,
        });
      }
      await sleep(backoff(policy, attempt, retryAfterMs(response.headers.get('retry-after'))), http.signal);
      continue;
    }
    return response;
  }
}
