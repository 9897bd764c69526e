import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { AlertsConfig } from '../alerts/config.js';
import { createDispatcher } from '../alerts/notify/create.js';
import type { NotificationDispatcher } from '../alerts/notify/dispatcher.js';
import { AlertService } from '../alerts/service.js';
import type { RuleCatalog } from './catalog.js';
import { detectRoutes } from './routes.js';

export interface DetectAlertsDeps {
  database: Database;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** The `detect.alerts` configuration slice. */
  config: AlertsConfig;
  /** `server.publicUrl`: the console links' base when `detect.alerts.consoleUrl` is not set. */
  publicUrl?: string | undefined;
  catalog: RuleCatalog;
  ruleFields?: (ruleId: string) => readonly string[];
  isAssignable?: (username: string) => Promise<boolean>;
  /** The platform's /metrics registry. */
  metrics?: Registry;
  env?: NodeJS.ProcessEnv;
}

export interface DetectAlertsRuntime {
  alerts: AlertService;
  /**
   * Builds the notifiers, reading their secrets (a missing one stops start-up): only a serving
   * process notifies, so one-shot commands such as `lifeline user unlock` never need them.
   */
  startNotifications(): NotificationDispatcher;
  routes: FastifyPluginAsync;
  /** Stops notification retries and waits for deliveries in flight. */
  close(): Promise<void>;
}

/**
 * Alerts inside a running platform: the service the engine raises into, the notifiers, and the
 * alert and rule API.
 */
export function detectAlertsPlatform(deps: DetectAlertsDeps): DetectAlertsRuntime {
  let dispatcher: NotificationDispatcher | undefined;
  const alerts = new AlertService({
    database: deps.database,
    audit: deps.audit,
    bus: deps.bus,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'detect.alerts' }),
    config: deps.config,
    notify: (alert, evidence) => dispatcher?.notify(alert, evidence),
    ...(deps.ruleFields ? { ruleFields: deps.ruleFields } : {}),
    ...(deps.isAssignable ? { isAssignable: deps.isAssignable } : {}),
  });
  return {
    alerts,
    startNotifications: () =>
      (dispatcher ??= createDispatcher(deps.config, {
        logger: deps.logger,
        consoleUrl: deps.publicUrl ?? 'http://localhost:8080',
        ...(deps.metrics ? { registry: deps.metrics } : {}),
        ...(deps.env ? { env: deps.env } : {}),
      })),
    routes: detectRoutes({ alerts, catalog: deps.catalog, clock: deps.clock }),
    close: async () => dispatcher?.close(),
  };
}
