import { createHmac } from 'node:crypto';
import type { SigmaLevel } from '../../types.js';
import { DETECT_ALERT_EVENTS } from '../types.js';
import { type AlertNotification, type Notifier, NotifyError } from './notifier.js';

export const SIGNATURE_HEADER = 'x-lifeline-signature';

export interface WebhookOptions {
  name: string;
  minLevel: SigmaLevel;
  url: string;
  /** HMAC-SHA256 key; the receiver checks `x-lifeline-signature: sha256=<hex>` over the raw body. */
  secret: string;
  timeoutMs: number;
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The JSON document posted; the same bytes on every retry, so receivers can drop duplicates by alert id. */
export function webhookBody(n: AlertNotification): string {
  return JSON.stringify({ type: DETECT_ALERT_EVENTS.alertRaised, alert: n });
}

/** Posts alerts as signed JSON. The URL may carry a token, so it is never logged. */
export class WebhookNotifier implements Notifier {
  readonly kind = 'webhook' as const;
  readonly name: string;
  readonly minLevel: SigmaLevel;

  constructor(private readonly options: WebhookOptions) {
    this.name = options.name;
    this.minLevel = options.minLevel;
  }

  async send(notification: AlertNotification): Promise<void> {
    const body = webhookBody(notification);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Lifeline',
          'x-lifeline-event': DETECT_ALERT_EVENTS.alertRaised,
          [SIGNATURE_HEADER]: signBody(body, this.options.secret),
        },
        body,
        // A redirect would carry the signed alert to a place nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      if ((error as { name?: unknown }).name === 'TimeoutError') throw new NotifyError('webhook timed out');
      throw error;
    }
    await response.body?.cancel();
    if (response.ok) return;
    const { status } = response;
    // Client errors other than timeouts and throttling will not change on a retry.
    const permanent = status < 500 && status !== 408 && status !== 429;
    throw new NotifyError(`webhook answered ${status}`, permanent);
  }
}
