import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { SECURITY_ALERT_EVENT, type SecurityAlertData } from '../../../kernel/bus/security.js';
import type { Clock } from '../../../kernel/clock.js';
import type { AlertService } from '../alerts/service.js';
import type { RuleMatch } from '../types.js';

const LEVELS = new Set(['low', 'medium', 'high', 'critical']);

/**
 * Turns a module's health report into an alert of a platform rule named after the problem. A
 * security report (an attack a module stopped) is tagged as such, with the module's own tags.
 */
export function healthAlertMatch(
  data: HealthAlertData | SecurityAlertData,
  now: Date,
  kind: 'health' | 'security' = 'health',
): RuleMatch {
  const at = now.toISOString();
  const tags =
    kind === 'health'
      ? ['lifeline.health']
      : ['lifeline.security', ...((data as SecurityAlertData).tags ?? [])];
  return {
    rule: {
      id: data.ruleId,
      title: data.title,
      level: data.level,
      status: 'stable',
      tags,
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

function isSecurityAlert(value: unknown): value is SecurityAlertData {
  const tags = (value as { tags?: unknown } | null)?.tags;
  return (
    isHealthAlert(value) &&
    (tags === undefined ||
      (Array.isArray(tags) &&
        tags.length <= 20 &&
        tags.every((tag) => typeof tag === 'string' && tag.length > 0 && tag.length <= 100)))
  );
}

/**
 * Raises every health and security report from the bus as an alert; a malformed report is dropped,
 * not retried. Each kind has its own durable consumer, so one cannot hold up the other.
 */
export async function subscribeHealthAlerts(
  bus: EventBus,
  alerts: AlertService,
  clock: Clock,
): Promise<Subscription> {
  const health = await bus.subscribe(
    { durable: 'detect-health-alerts', types: [HEALTH_ALERT_EVENT] },
    async (event) => {
      if (!isHealthAlert(event.data)) return;
      await alerts.raise(healthAlertMatch(event.data, clock.now()));
    },
  );
  const security = await bus.subscribe(
    { durable: 'detect-security-alerts', types: [SECURITY_ALERT_EVENT] },
    async (event) => {
      if (!isSecurityAlert(event.data)) return;
      await alerts.raise(healthAlertMatch(event.data, clock.now(), 'security'));
    },
  );
  return {
    async unsubscribe() {
      try {
        await health.unsubscribe();
      } finally {
        await security.unsubscribe();
      }
    },
  };
}
