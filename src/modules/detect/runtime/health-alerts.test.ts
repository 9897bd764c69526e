import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import { SECURITY_ALERT_EVENT, type SecurityAlertData } from '../../../kernel/bus/security.js';
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

describe('security reports', () => {
  const stopped: SecurityAlertData = {
    ruleId: 'lifeline-sentinel-writer-stopped',
    title: 'Ransomware sentinel stopped a writer',
    level: 'critical',
    module: 'sentinel',
    fields: { share: '/srv/share', pid: 4242, executable: '/usr/bin/python3' },
    summary: 'A writer encrypting /srv/share was stopped',
    tags: ['attack.impact', 'attack.t1486'],
  };

  it('a sentinel report becomes a critical alert carrying its tags', async () => {
    await h.bus.publish(SECURITY_ALERT_EVENT, stopped, 'sentinel');
    await h.waitFor(
      'detect.alert.raised',
      (event) => (event.data as { ruleId: string }).ruleId === stopped.ruleId,
    );
    const { alerts: items } = await h.service.list({});
    const alert = items.find((item) => item.ruleId === stopped.ruleId);
    expect(alert).toMatchObject({ level: 'critical', ruleTitle: stopped.title });
    const detail = await h.service.get(alert!.id);
    expect(detail.tags).toEqual(
      expect.arrayContaining(['lifeline.security', 'attack.impact', 'attack.t1486']),
    );
    expect(detail.tags).not.toContain('lifeline.health');
    expect(detail.event.fields).toMatchObject({ share: '/srv/share', module: 'sentinel' });
  });

  it('drops a security report whose tags are not a list of names', async () => {
    await h.bus.publish(
      SECURITY_ALERT_EVENT,
      { ...stopped, ruleId: 'bad-tags', tags: 'attack.impact' },
      'sentinel',
    );
    await h.bus.publish(SECURITY_ALERT_EVENT, { ...stopped, ruleId: 'lifeline-after' }, 'sentinel');
    await h.waitFor(
      'detect.alert.raised',
      (event) => (event.data as { ruleId: string }).ruleId === 'lifeline-after',
    );
    const { alerts: items } = await h.service.list({});
    expect(items.map((item) => item.ruleId)).not.toContain('bad-tags');
  });
});
