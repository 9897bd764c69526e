import type { Logger } from '../../../../kernel/log/logger.js';
import type { AlertsConfig } from '../config.js';
import type { Alert, AlertEvidence } from '../types.js';
import { buildNotification } from './message.js';
import { NotifyMetrics } from './metrics.js';
import {
  type AlertNotification,
  type Notifier,
  NotifyError,
  describeFailure,
  levelAtLeast,
} from './notifier.js';

export interface DispatcherOptions {
  notifiers: readonly Notifier[];
  logger: Logger;
  consoleUrl: string;
  retry: AlertsConfig['retry'];
  maxPending: number;
  metrics?: NotifyMetrics;
}

/**
 * Sends each new alert to every notifier whose minimum level it reaches, in the background: `notify`
 * returns at once, failures are retried with exponential backoff, and nothing about the event but
 * host, user and program leaves Lifeline. Logs name the notifier and alert, never content.
 */
export class NotificationDispatcher {
  readonly metrics: NotifyMetrics;
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {
    this.metrics = options.metrics ?? new NotifyMetrics();
  }

  notify(alert: Alert, evidence: AlertEvidence): void {
    if (this.closed) return;
    const notification = buildNotification(alert, evidence.fields, this.options.consoleUrl);
    for (const notifier of this.options.notifiers) {
      if (!levelAtLeast(alert.level, notifier.minLevel)) continue;
      if (this.running.size >= this.options.maxPending) {
        this.metrics.count(notifier.name, 'dropped');
        this.options.logger.error(
          { notifier: notifier.name, alertId: alert.id },
          'notification dropped: too many pending',
        );
        continue;
      }
      const delivery = this.deliver(notifier, notification).finally(() => this.running.delete(delivery));
      this.running.add(delivery);
    }
  }

  /** Resolves when every delivery started so far has been sent or given up. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Stops retrying, waits for sends in flight, and closes the notifiers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { timer, wake } of this.timers) {
      clearTimeout(timer);
      wake();
    }
    await this.idle();
    await Promise.all(this.options.notifiers.map(async (n) => n.close?.()));
  }

  private async deliver(notifier: Notifier, notification: AlertNotification): Promise<void> {
    const { attempts, initialDelayMs, maxDelayMs } = this.options.retry;
    const context = { notifier: notifier.name, alertId: notification.alertId };
    for (let attempt = 1; ; attempt++) {
      try {
        await notifier.send(notification);
        this.metrics.count(notifier.name, 'sent');
        return;
      } catch (error) {
        const reason = describeFailure(error);
        const permanent = error instanceof NotifyError && error.permanent;
        if (permanent || attempt >= attempts || this.closed) {
          this.metrics.count(notifier.name, 'failed');
          this.options.logger.error({ ...context, attempt, reason }, 'alert notification failed');
          return;
        }
        this.metrics.count(notifier.name, 'retried');
        this.options.logger.warn({ ...context, attempt, reason }, 'alert notification failed, will retry');
        const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
        // Jitter spreads the retries of many alerts after an outage of the receiver.
        await this.sleep(base / 2 + Math.random() * (base / 2));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}
