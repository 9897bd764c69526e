import type { SigmaLevel } from '../../types.js';
import { SIGMA_LEVELS } from '../types.js';

/**
 * What a notification may say about an alert. Host, user and program are the only values taken
 * from the event; the rest of the evidence stays in Lifeline behind the console link.
 */
export interface AlertNotification {
  alertId: string;
  ruleId: string;
  ruleTitle: string;
  level: SigmaLevel;
  /** When the alert was first seen (ISO 8601). */
  time: string;
  host: string | null;
  user: string | null;
  image: string | null;
  sourceName: string;
  attack: string[];
  /** The alert in the console. */
  link: string;
}

/** One way of telling people about alerts: a webhook, mail, a syslog collector. */
export interface Notifier {
  readonly name: string;
  readonly kind: 'webhook' | 'email' | 'syslog';
  /** Alerts below this level are not sent. */
  readonly minLevel: SigmaLevel;
  /** Rejects on failure; the dispatcher retries unless the error is a permanent NotifyError. */
  send(notification: AlertNotification): Promise<void>;
  close?(): Promise<void>;
}

/** A delivery failure described without any content, safe to log; `permanent` stops retries. */
export class NotifyError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'NotifyError';
  }
}

export function levelAtLeast(level: SigmaLevel, minimum: SigmaLevel): boolean {
  return SIGMA_LEVELS.indexOf(level) >= SIGMA_LEVELS.indexOf(minimum);
}

/**
 * A loggable summary of a delivery error: our own messages, or the error code of a socket, TLS or
 * SMTP failure. Messages of other libraries may quote what they were sending, so they are left out.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof NotifyError) return error.message;
  const { code, responseCode, name, cause } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') return typeof responseCode === 'number' ? `${code} ${responseCode}` : code;
  const causeCode = (cause as { code?: unknown } | undefined)?.code;
  if (typeof causeCode === 'string') return causeCode;
  return typeof name === 'string' ? name : 'unknown failure';
}
