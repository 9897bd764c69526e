import { readFileSync } from 'node:fs';
import type { Registry } from 'prom-client';
import { LifelineError } from '../../../../kernel/errors.js';
import type { Logger } from '../../../../kernel/log/logger.js';
import { type AlertsConfig, type NotifierConfig, SYSLOG_FACILITIES, readSecret } from '../config.js';
import { NotificationDispatcher } from './dispatcher.js';
import { EmailNotifier } from './email.js';
import { NotifyMetrics } from './metrics.js';
import type { Notifier } from './notifier.js';
import { SyslogNotifier } from './syslog.js';
import { WebhookNotifier } from './webhook.js';

function readCa(file: string | undefined, key: string): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new LifelineError('CONFIG_INVALID', `the CA file of ${key} cannot be read`, { key });
  }
}

/** Builds the configured, enabled notifiers, reading their secrets now so a bad one stops start-up. */
export function createNotifiers(
  configs: readonly NotifierConfig[],
  env: NodeJS.ProcessEnv = process.env,
): Notifier[] {
  return configs.flatMap((config, index): Notifier[] => {
    if (!config.enabled) return [];
    const key = `detect.alerts.notifiers.${index}`;
    switch (config.type) {
      case 'webhook':
        return [
          new WebhookNotifier({
            name: config.name,
            minLevel: config.minLevel,
            url: config.url,
            secret: readSecret(config.secret, `${key}.secret`, env),
            timeoutMs: config.timeoutMs,
          }),
        ];
      case 'email':
        return [
          new EmailNotifier({
            name: config.name,
            minLevel: config.minLevel,
            host: config.host,
            port: config.port,
            tls: config.tls,
            ca: readCa(config.caFile, `${key}.caFile`),
            auth: config.auth && {
              user: config.auth.user,
              password: readSecret(config.auth.password, `${key}.auth.password`, env),
            },
            from: config.from,
            to: config.to,
            timeoutMs: config.timeoutMs,
          }),
        ];
      case 'syslog':
        return [
          new SyslogNotifier({
            name: config.name,
            minLevel: config.minLevel,
            host: config.host,
            port: config.port,
            transport: config.transport,
            facility: SYSLOG_FACILITIES[config.facility],
            appName: config.appName,
            enterpriseId: config.enterpriseId,
            timeoutMs: config.timeoutMs,
          }),
        ];
    }
  });
}

export interface DispatcherDeps {
  logger: Logger;
  /** Base URL of the console for links; `detect.alerts.consoleUrl`, else `server.publicUrl`. */
  consoleUrl: string;
  /** Where the delivery counters are exposed (the platform's /metrics registry). */
  registry?: Registry;
  env?: NodeJS.ProcessEnv;
}

export function createDispatcher(config: AlertsConfig, deps: DispatcherDeps): NotificationDispatcher {
  return new NotificationDispatcher({
    notifiers: createNotifiers(config.notifiers, deps.env),
    logger: deps.logger.child({ component: 'detect.notify' }),
    consoleUrl: config.consoleUrl ?? deps.consoleUrl,
    retry: config.retry,
    maxPending: config.maxPendingNotifications,
    metrics: new NotifyMetrics(deps.registry),
  });
}
