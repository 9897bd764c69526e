import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import { type AlertHarness, openAlertHarness } from '../alerts/alerts.testkit.js';
import { subscribeHealthAlerts } from './health-alerts.js';

const stale: HealthAlertData = {
  ruleId: 'lifeline-continuity-device-stale',
  title: 'Downtime device not refreshed',
  level: 'high',
  module: 'continuity',
  fields: { device: 'icu-laptop-1', age_minutes: 31 },
  summary: 'Downtime device icu-laptop-1 holds no kit newer than 30 minutes',
};

let h: AlertHarness;
beforeAll(async () => {
  const [sqlite] = testEngines();
  if (!sqlite) throw new Error('SQLite is always available');
  h = await openAlertHarness(sqlite);
  await subscribeHealthAlerts(h.bus, h.service, h.clock);
});
afterAll(() => h.close());

describe('platform health reports', () => {
  it('become alerts of a platform rule, with the reporting module and facts', async () => {
    await h.bus.publish(HEALTH_ALERT_EVENT, stale, 'continuity');
    const raised = await h.waitFor('detect.alert.raised');
    const { alerts: items } = await h.service.list({});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ruleId: stale.ruleId, ruleTitle: stale.title, level: 'high' });
    const detail = await h.service.get(items[0]!.id);
    expect(detail.event.fields).toMatchObject({ device: 'icu-laptop-1', module: 'continuity' });
    expect(raised.data).toMatchObject({ ruleId: stale.ruleId });
  });

  it('drops a malformed report instead of raising a broken alert', async () => {
    await h.bus.publish(HEALTH_ALERT_EVENT, { ...stale, level: 'apocalyptic', ruleId: 'bad' }, 'continuity');
    await h.bus.publish(
      HEALTH_ALERT_EVENT,
      { ...stale, ruleId: 'lifeline-ok', fields: { device: 'x' } },
      'continuity',
    );
    await h.waitFor(
      'detect.alert.raised',
      (event) => (event.data as { ruleId: string }).ruleId === 'lifeline-ok',
    );
    const { alerts: items } = await h.service.list({});
    expect(items.map((item) => item.ruleId)).not.toContain('bad');
  });
});
