import { Counter, type Registry } from 'prom-client';

export type DeliveryOutcome = 'sent' | 'retried' | 'failed' | 'dropped';

/** Notification outcomes per notifier, for /metrics when a registry is given. */
export class NotifyMetrics {
  private readonly deliveries: Counter<'notifier' | 'outcome'>;

  constructor(registry?: Registry) {
    this.deliveries = new Counter({
      name: 'lifeline_detect_notifications_total',
      help: 'Alert notifications by notifier and outcome (sent, retried, failed, dropped)',
      labelNames: ['notifier', 'outcome'] as const,
      registers: registry ? [registry] : [],
    });
  }

  count(notifier: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ notifier, outcome });
  }

  /** Current counts as `notifier/outcome` → n. */
  async snapshot(): Promise<Record<string, number>> {
    const { values } = await this.deliveries.get();
    return Object.fromEntries(values.map((v) => [`${v.labels.notifier}/${v.labels.outcome}`, v.value]));
  }
}
