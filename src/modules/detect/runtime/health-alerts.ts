import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import type { Clock } from '../../../kernel/clock.js';
import type { AlertService } from '../alerts/service.js';
import type { RuleMatch } from '../types.js';

const LEVELS = new Set(['low', 'medium', 'high', 'critical']);

/** Turns a module's health report into an alert of a platform rule named after the problem. */
export function healthAlertMatch(data: HealthAlertData, now: Date): RuleMatch {
  const at = now.toISOString();
  return {
    rule: {
      id: data.ruleId,
      title: data.title,
      level: data.level,
      status: 'stable',
      tags: ['lifeline.health'],
      logsource: { product: 'lifeline', service: data.module },
    },
    event: {
      fields: { ...data.fields, module: data.module },
      source: { kind: 'stream', name: `lifeline-${data.module}` },
      receivedAt: at,
      time: at,
      raw: data.summary,
    },
  };
}

function isHealthAlert(value: unknown): value is HealthAlertData {
  const data = value as Partial<HealthAlertData> | null;
  return (
    typeof data?.ruleId === 'string' &&
    typeof data.title === 'string' &&
    typeof data.module === 'string' &&
    typeof data.summary === 'string' &&
    typeof data.level === 'string' &&
    LEVELS.has(data.level) &&
    typeof data.fields === 'object' &&
    data.fields !== null
  );
}

/** Raises every health report from the bus as an alert; a malformed report is dropped, not retried. */
export async function subscribeHealthAlerts(
  bus: EventBus,
  alerts: AlertService,
  clock: Clock,
): Promise<Subscription> {
  return bus.subscribe({ durable: 'detect-health-alerts', types: [HEALTH_ALERT_EVENT] }, async (event) => {
    if (!isHealthAlert(event.data)) return;
    await alerts.raise(healthAlertMatch(event.data, clock.now()));
  });
}
