import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import { subscribeHealthAlerts } from './health-alerts.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { Logger } from '../../../kernel/log/logger.js';
import { alertMigrations } from '../alerts/migrations.js';
import type { DetectConfig } from '../config.js';
import { ingestMigrations } from '../ingest/index.js';
import { normaliseJson, normaliseLine } from '../normalise/index.js';
import { detectAlertsPlatform } from '../platform/mount.js';
import { DetectionService } from './service.js';

export const detectMigrations = [...alertMigrations, ...ingestMigrations];

export interface DetectPlatformDeps {
  config: {
    detect: DetectConfig;
    server: { publicUrl?: string | undefined };
    bus: { natsUrl?: string | undefined };
  };
  database: Database;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  isAssignable?: (username: string) => Promise<boolean>;
}

export interface DetectPlatform {
  detection: DetectionService;
  routes: FastifyPluginAsync;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Detection inside a running platform. Routes exist from the start (rules appear once loaded);
 * `start` loads the rules and opens the listeners, which only a serving process does.
 */
export function detectPlatform(deps: DetectPlatformDeps): DetectPlatform {
  const logger = deps.logger.child({ module: 'detect' });
  const detection = new DetectionService({ ...deps, logger });
  const alertsRuntime = detectAlertsPlatform({
    database: deps.database,
    audit: deps.audit,
    bus: deps.bus,
    clock: deps.clock,
    logger,
    config: deps.config.detect.alerts,
    publicUrl: deps.config.server.publicUrl,
    catalog: detection.catalog,
    ruleFields: (ruleId) => detection.ruleFields(ruleId),
    metrics: deps.metrics,
    ...(deps.isAssignable ? { isAssignable: deps.isAssignable } : {}),
  });
  detection.attach(alertsRuntime.alerts, {
    http: (line) => normaliseLine(line),
    file: (line) => normaliseLine(line),
    syslogPayload: (text) => normaliseJson(text),
  });
  const ingestRoutes = detection.ingest.routes();
  let health: Subscription | undefined;
  return {
    detection,
    routes: async (app) => {
      await app.register(alertsRuntime.routes);
      await app.register(ingestRoutes);
    },
    start: async () => {
      alertsRuntime.startNotifications();
      health = await subscribeHealthAlerts(deps.bus, alertsRuntime.alerts, deps.clock);
      await detection.start();
    },
    async close() {
      await health?.unsubscribe();
      await detection.close();
      await alertsRuntime.close();
    },
  };
}
