import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../../kernel/db/testkit.js';
import { silentLogger } from '../../../kernel/log/logger.js';
import { type AlertHarness, HOST_EVENT, RULE, match, openAlertHarness } from '../alerts/alerts.testkit.js';
import { alertsConfigSchema } from '../alerts/config.js';
import { testCatalog } from './catalog.testkit.js';
import type { NotificationDispatcher } from '../alerts/notify/dispatcher.js';
import { type DetectAlertsRuntime, detectAlertsPlatform } from './mount.js';

const received: { body: string; signature: string }[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    received.push({
      body: Buffer.concat(chunks).toString(),
      signature: String(request.headers['x-lifeline-signature']),
    });
    response.writeHead(204).end();
  });
});

let h: AlertHarness;
let dispatcher: NotificationDispatcher;
let runtime: DetectAlertsRuntime;
const registry = new Registry();

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const [sqlite] = testEngines();
  if (!sqlite) throw new Error('SQLite is always available');
  h = await openAlertHarness(sqlite);
  const config = alertsConfigSchema.parse({
    notifiers: [
      {
        name: 'soar',
        type: 'webhook',
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        secret: { env: 'SOAR_SECRET' },
        minLevel: 'high',
      },
    ],
  });
  runtime = detectAlertsPlatform({
    ...h,
    logger: silentLogger(),
    config,
    publicUrl: 'https://lifeline.hospital.example',
    catalog: testCatalog(),
    metrics: registry,
    env: { SOAR_SECRET: 'shared' },
  });
  dispatcher = runtime.startNotifications();
});

afterAll(async () => {
  await runtime.close();
  await h.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('alerts in the platform', () => {
  it('notifies configured receivers of new alerts at or above their level, and counts it', async () => {
    const { alert } = await runtime.alerts.raise(match());
    await runtime.alerts.raise(
      match({ ...HOST_EVENT, Computer: 'ws-2' }, { ...RULE, id: 'quiet', level: 'medium' }),
    );
    await runtime.alerts.raise(match());
    await dispatcher.idle();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.signature).toBe(
      `sha256=${createHmac('sha256', 'shared')
        .update(delivery?.body ?? '')
        .digest('hex')}`,
    );
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      alert: { alertId: alert.id, link: `https://lifeline.hospital.example/detect/alerts/${alert.id}` },
    });
    expect(delivery?.body).not.toContain('SQBFAFgA');
    expect(await registry.metrics()).toContain(
      'lifeline_detect_notifications_total{notifier="soar",outcome="sent"} 1',
    );
  });
});
