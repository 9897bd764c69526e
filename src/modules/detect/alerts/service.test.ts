import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../../../kernel/db/testkit.js';
import {
  type AlertHarness,
  HOST_EVENT,
  RULE,
  correlation,
  match,
  openAlertHarness,
} from './alerts.testkit.js';
import { alertsConfigSchema } from './config.js';
import type { Alert, AlertRaisedEventData } from './types.js';

const analyst = { actor: 'analyst', sourceIp: '10.1.1.1' };

describe.each(testEngines())('raising alerts on $engine', (engine) => {
  let h: AlertHarness;
  const notified: Alert[] = [];

  beforeEach(async () => {
    notified.length = 0;
    h = await openAlertHarness(engine, { notify: (alert) => notified.push(alert) });
  });
  afterEach(async () => h.close());

  it('stores a new alert with its evidence, announces it without the event and audits it', async () => {
    const { alert, repeated } = await h.service.raise(match());
    expect(repeated).toBe(false);
    expect(alert).toMatchObject({
      ruleId: RULE.id,
      ruleTitle: RULE.title,
      level: 'high',
      attack: ['execution', 'T1059.001'],
      status: 'new',
      count: 1,
      firstSeen: '2026-01-13T08:00:00.000Z',
      source: { kind: 'syslog-tcp', name: 'dc01-syslog' },
      correlation: null,
    });
    expect(alert.dedupKey).toBe(
      'Computer=ws-icu-07.hospital.example | User=HOSPITAL\\nurse.jansen | Image=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    const detail = await h.service.get(alert.id);
    expect(detail.event.raw).toContain('raw evidence that must never reach a log line');
    expect(detail.history).toEqual([{ at: alert.firstSeen, actor: 'system:detect', action: 'raised' }]);

    const published = await h.waitFor('detect.alert.raised');
    const data: AlertRaisedEventData = {
      alertId: alert.id,
      ruleId: RULE.id,
      title: RULE.title,
      level: 'high',
      tags: [...RULE.tags],
      sourceName: 'dc01-syslog',
      dedupKey: alert.dedupKey,
    };
    expect(published.data).toEqual(data);
    expect(published.source).toBe('detect');
    expect(JSON.stringify(published)).not.toContain('must never reach');
    expect(JSON.stringify(published)).not.toContain('SQBFAFgA');

    const [record] = await h.audit.list({ action: 'detect.alert.raise' });
    expect(record).toMatchObject({ actor: 'system:detect', target: alert.id, outcome: 'success' });
    expect(JSON.stringify(record)).not.toContain('must never reach');
    expect(notified.map((a) => a.id)).toEqual([alert.id]);
  });

  it('folds repeats within the window into the alert, sliding with the last match', async () => {
    const first = (await h.service.raise(match())).alert;
    h.clock.advance(10 * 60_000);
    const second = await h.service.raise(match());
    h.clock.advance(14 * 60_000);
    const third = await h.service.raise(match());
    expect([second.repeated, third.repeated]).toEqual([true, true]);
    expect(third.alert).toMatchObject({
      id: first.id,
      count: 3,
      firstSeen: '2026-01-13T08:00:00.000Z',
      lastSeen: '2026-01-13T08:24:00.000Z',
    });
    expect((await h.service.get(first.id)).history.map((e) => e.action)).toEqual([
      'raised',
      'repeated',
      'repeated',
    ]);
    expect(await h.audit.list({ action: 'detect.alert.raise' })).toHaveLength(1);
    expect(notified).toHaveLength(1);

    h.clock.advance(15 * 60_000 + 1);
    const later = await h.service.raise(match());
    expect(later.repeated).toBe(false);
    expect(later.alert.id).not.toBe(first.id);
    await h.waitFor(
      'detect.alert.raised',
      (e) => (e.data as AlertRaisedEventData).alertId === later.alert.id,
    );
    expect(h.published.filter((e) => e.type === 'detect.alert.raised')).toHaveLength(2);
  });

  it('raises separately per dedup key, falling back to the source', async () => {
    const a = (await h.service.raise(match())).alert;
    const b = (await h.service.raise(match({ ...HOST_EVENT, Computer: 'ws-icu-08' }))).alert;
    const c = (await h.service.raise(match({ CommandLine: 'whoami' }))).alert;
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(c.dedupKey).toBe('source=dc01-syslog');
  });

  it('raises a new alert after the open one was closed', async () => {
    const first = (await h.service.raise(match())).alert;
    await h.service.close(first.id, 'handled', analyst);
    const next = await h.service.raise(match());
    expect(next.repeated).toBe(false);
    expect(next.alert.id).not.toBe(first.id);
  });

  it('decides concurrent matches of one key one at a time', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => h.service.raise(match())));
    expect(results.filter((r) => !r.repeated)).toHaveLength(1);
    const id = results[0]?.alert.id ?? '';
    expect((await h.service.get(id)).count).toBe(20);
  });

  it('decides one key once across processes sharing the database', async () => {
    const { AlertService } = await import('./service.js');
    const { silentLogger } = await import('../../../kernel/log/logger.js');
    const other = new AlertService({ ...h, logger: silentLogger() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? h.service : other).raise(match())),
    );
    expect(results.filter((r) => !r.repeated)).toHaveLength(1);
    expect((await h.service.get(results[0]?.alert.id ?? '')).count).toBe(20);
  });

  it('keys a correlation by its group and keeps the group with the alert', async () => {
    const rule = { ...RULE, id: 'corr-1', title: 'Many failed logons' };
    const { alert } = await h.service.raise(
      correlation({ TargetUserName: 'admin', IpAddress: '10.9.9.9' }, rule),
    );
    expect(alert.dedupKey).toBe('IpAddress=10.9.9.9 | TargetUserName=admin');
    expect(alert.correlation).toEqual({
      type: 'event_count',
      group: { TargetUserName: 'admin', IpAddress: '10.9.9.9' },
      value: 12,
    });
    expect(alert.source.name).toBe('dc01-syslog');
    const again = await h.service.raise(
      correlation({ TargetUserName: 'admin', IpAddress: '10.9.9.9' }, rule),
    );
    expect(again).toMatchObject({ repeated: true, alert: { id: alert.id, count: 2 } });
  });
});

describe('dedup configuration', () => {
  const [sqlite] = testEngines();
  if (!sqlite) throw new Error('SQLite is always available');

  it('uses per-rule fields and can be switched off with a zero window', async () => {
    const config = alertsConfigSchema.parse({
      dedup: { windowMinutes: 0, fieldsByRule: { [RULE.id]: ['CommandLine'] } },
    });
    const h = await openAlertHarness(sqlite, { config });
    try {
      const a = await h.service.raise(match());
      const b = await h.service.raise(match());
      expect(a.alert.dedupKey).toBe('CommandLine=powershell -enc SQBFAFgA');
      expect(b.repeated).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('keeps the alert when the bus cannot announce it', async () => {
    const h = await openAlertHarness(sqlite);
    try {
      await h.bus.close();
      const { alert } = await h.service.raise(match());
      expect((await h.service.get(alert.id)).status).toBe('new');
    } finally {
      await h.close();
    }
  });
});
