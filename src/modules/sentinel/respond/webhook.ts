import { createHmac } from 'node:crypto';

import { LifelineError } from '../../../kernel/errors.js';
import type { StopAction } from './context.js';
import { outcome } from './outcome.js';
import { detectionDocument } from './script.js';

export const SIGNATURE_HEADER = 'X-Lifeline-Signature';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs the detection as JSON. With a secret, `X-Lifeline-Signature: sha256=<hex HMAC-SHA256 of the
 * body>` lets the receiver check it came from the sentinel. Only the URL's origin appears in
 * outcomes: webhook paths often carry a token.
 */
export function webhookAction(options: { url: string; secret?: string; timeoutMs?: number }): StopAction {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LifelineError('SENTINEL_RESPOND_WEBHOOK_INVALID');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LifelineError('SENTINEL_RESPOND_WEBHOOK_INVALID', undefined, { protocol: url.protocol });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    kind: 'webhook',
    async run(context) {
      const body = JSON.stringify({ event: 'sentinel.detection', ...detectionDocument(context) });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'lifeline-sentinel',
      };
      if (options.secret) headers[SIGNATURE_HEADER] = signBody(body, options.secret);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        });
        await response.body?.cancel();
        const ok = response.status >= 200 && response.status < 300;
        return outcome('webhook', ok, `${url.origin} answered HTTP ${response.status}`);
      } catch (error) {
        const name = (error as Error).name;
        const why =
          name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : `unreachable (${(error as { cause?: { code?: string } }).cause?.code ?? name})`;
        return outcome('webhook', false, `${url.origin}: ${why}`);
      }
    },
  };
}
