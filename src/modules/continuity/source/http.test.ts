import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { retryAfterMs, send } from './http.js';

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 26 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('never throws and never answers a negative wait', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (header) => {
        const wait = retryAfterMs(header, 0);
        if (wait !== null) expect(wait).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('send', () => {
  it('retries 503 and 429 after the server-given wait, within the policy cap', async () => {
    const statuses = [503, 429, 200];
    const seen: number[] = [];
    const fake: typeof fetch = async () => {
      const status = statuses.shift()!;
      seen.push(status);
      return new Response('{}', { status, headers: { 'retry-after': '3600' } });
    };
    const response = await send(
      'http://ehr.invalid/x',
      {},
      { fetch: fake, retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 } },
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual([503, 429, 200]);
  });

  it('does not repeat a request after a network error unless allowed', async () => {
    let calls = 0;
    const broken: typeof fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed');
    };
    const error = await send('http://ehr.invalid/x', { method: 'POST' }, { fetch: broken }).catch(
      (e: unknown) => e,
    );
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_UNREACHABLE');
    expect(calls).toBe(1);
    await send(
      'http://ehr.invalid/x',
      {},
      { fetch: broken, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
      { retryNetworkErrors: true },
    ).catch(() => null);
    expect(calls).toBe(4);
  });

  it('stops waiting at once when aborted', async () => {
    const controller = new AbortController();
    const fake: typeof fetch = async () => {
      controller.abort();
      return new Response('', { status: 503, headers: { 'retry-after': '3600' } });
    };
    const error = await send('http://ehr.invalid/x', {}, { fetch: fake, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_ABORTED');
  });
});
