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
import type { Alert } from './types.js';

const analyst = { actor: 'analyst', sourceIp: '10.1.1.1' };
const USERS = new Set(['analyst', 'lead']);

describe.each(testEngines())('triage on $engine', (engine) => {
  let h: AlertHarness;
  let alert: Alert;

  beforeEach(async () => {
    h = await openAlertHarness(engine, {
      ruleFields: (ruleId) => (ruleId === RULE.id ? ['Image', 'CommandLine', 'ParentImage'] : []),
      isAssignable: async (name) => USERS.has(name),
    });
    alert = (await h.service.raise(match())).alert;
  });
  afterEach(async () => h.close());

  const audited = async (action: string) =>
    (await h.audit.list({ action: `detect.alert.${action}` })).map((r) => [
      r.actor,
      r.outcome,
      r.details.code ?? null,
    ]);

  it('acknowledges once, then refuses a second acknowledgement and audits both', async () => {
    h.clock.advance(60_000);
    expect(await h.service.acknowledge(alert.id, analyst)).toMatchObject({ status: 'acknowledged' });
    await expect(h.service.acknowledge(alert.id, analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
      status: 409,
      message: 'the alert is acknowledged already',
    });
    expect(await audited('acknowledge')).toEqual([
      ['analyst', 'failure', 'DETECT_ALERT_STATE'],
      ['analyst', 'success', null],
    ]);
    const history = (await h.service.get(alert.id)).history;
    expect(history.at(-1)).toEqual({
      at: '2026-01-13T08:01:00.000Z',
      actor: 'analyst',
      action: 'acknowledged',
    });
  });

  it('assigns to an active user and refuses an unknown one, changing nothing', async () => {
    expect(await h.service.assign(alert.id, 'lead', analyst)).toMatchObject({
      assignee: 'lead',
      status: 'new',
    });
    await expect(h.service.assign(alert.id, 'nobody', analyst)).rejects.toMatchObject({
      code: 'DETECT_ASSIGNEE_UNKNOWN',
      status: 400,
    });
    expect((await h.service.get(alert.id)).assignee).toBe('lead');
    expect(await audited('assign')).toEqual([
      ['analyst', 'failure', 'DETECT_ASSIGNEE_UNKNOWN'],
      ['analyst', 'success', null],
    ]);
    expect((await h.service.get(alert.id)).history.at(-1)).toMatchObject({
      action: 'assigned',
      detail: 'lead',
    });
  });

  it('closes with a reason and refuses to close or assign a closed alert', async () => {
    const closed = await h.service.close(alert.id, 'patching window, expected', analyst);
    expect(closed).toMatchObject({
      status: 'closed',
      closeReason: 'patching window, expected',
      falsePositive: false,
    });
    await expect(h.service.close(alert.id, 'again', analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
      message: 'the alert is closed; reopen it first',
    });
    await expect(h.service.assign(alert.id, 'lead', analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
    });
    await expect(h.service.acknowledge(alert.id, analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
    });
    expect(await audited('close')).toEqual([
      ['analyst', 'failure', 'DETECT_ALERT_STATE'],
      ['analyst', 'success', null],
    ]);
  });

  it('lets one of two simultaneous closes win', async () => {
    const outcomes = await Promise.allSettled([
      h.service.close(alert.id, 'first', analyst),
      h.service.close(alert.id, 'second', { actor: 'lead', sourceIp: null }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect((await h.service.get(alert.id)).history.filter((e) => e.action === 'closed')).toHaveLength(1);
  });

  it('reopens a closed alert only', async () => {
    await expect(h.service.reopen(alert.id, analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
      message: 'the alert is not closed',
    });
    await h.service.close(alert.id, 'done', analyst);
    expect(await h.service.reopen(alert.id, analyst)).toMatchObject({
      status: 'new',
      closeReason: null,
      falsePositive: false,
    });
    expect((await h.service.get(alert.id)).history.map((e) => e.action)).toEqual([
      'raised',
      'closed',
      'reopened',
    ]);
    expect(await audited('reopen')).toEqual([
      ['analyst', 'success', null],
      ['analyst', 'failure', 'DETECT_ALERT_STATE'],
    ]);
  });

  it('refuses every action on an alert that does not exist, and audits the attempt', async () => {
    const missing = 'f'.repeat(32);
    for (const attempt of [
      () => h.service.acknowledge(missing, analyst),
      () => h.service.assign(missing, 'lead', analyst),
      () => h.service.close(missing, 'x', analyst),
      () => h.service.falsePositive(missing, { reason: 'x' }, analyst),
      () => h.service.reopen(missing, analyst),
      () => h.service.get(missing),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'DETECT_ALERT_NOT_FOUND', status: 404 });
    }
    const failures = await h.audit.list({ target: missing });
    expect(failures.map((r) => r.action).sort()).toEqual([
      'detect.alert.acknowledge',
      'detect.alert.assign',
      'detect.alert.close',
      'detect.alert.false-positive',
      'detect.alert.reopen',
    ]);
    expect(failures.every((r) => r.outcome === 'failure')).toBe(true);
  });
});

describe.each(testEngines())('false positives on $engine', (engine) => {
  let h: AlertHarness;
  let alert: Alert;
  let changes: number;

  beforeEach(async () => {
    h = await openAlertHarness(engine, {
      ruleFields: (ruleId) => (ruleId === RULE.id ? ['Image', 'CommandLine', 'ParentImage'] : []),
    });
    alert = (await h.service.raise(match())).alert;
    changes = 0;
    h.service.onFiltersChanged(() => changes++);
  });
  afterEach(async () => h.close());

  it('closes the alert and filters on the rule’s fields present in the event', async () => {
    const { alert: closed, filter } = await h.service.falsePositive(
      alert.id,
      { reason: 'IT admin script' },
      analyst,
    );
    expect(closed).toMatchObject({ status: 'closed', falsePositive: true, closeReason: 'IT admin script' });
    expect(filter).toMatchObject({
      ruleId: RULE.id,
      fields: { Image: HOST_EVENT.Image, CommandLine: HOST_EVENT.CommandLine },
      reason: 'IT admin script',
      createdBy: 'analyst',
      alertId: alert.id,
    });
    expect(await h.service.exclusions()).toEqual([{ ruleId: RULE.id, fields: filter.fields }]);
    expect(await h.service.listFilters()).toEqual([filter]);
    expect(changes).toBe(1);
    await h.waitFor('detect.filters.changed', (e) => (e.data as { filterId: string }).filterId === filter.id);
    expect((await h.audit.list({ action: 'detect.filter.create' }))[0]).toMatchObject({
      target: filter.id,
      outcome: 'success',
      details: { ruleId: RULE.id, alertId: alert.id, fields: ['Image', 'CommandLine'] },
    });
    expect((await h.audit.list({ action: 'detect.alert.false-positive' }))[0]).toMatchObject({
      outcome: 'success',
      details: { filterId: filter.id },
    });
  });

  it('uses the chosen fields, and refuses a field the event lacks without changing anything', async () => {
    await expect(
      h.service.falsePositive(alert.id, { reason: 'x', fields: ['Computer', 'ParentImage'] }, analyst),
    ).rejects.toMatchObject({ code: 'DETECT_FILTER_FIELDS', details: { name: 'ParentImage' } });
    expect((await h.service.get(alert.id)).status).toBe('new');
    expect(await h.service.listFilters()).toEqual([]);
    const { filter } = await h.service.falsePositive(
      alert.id,
      { reason: 'x', fields: ['Computer'] },
      analyst,
    );
    expect(filter.fields).toEqual({ Computer: HOST_EVENT.Computer });
  });

  it('refuses a second verdict on a closed alert', async () => {
    await h.service.close(alert.id, 'done', analyst);
    await expect(h.service.falsePositive(alert.id, { reason: 'x' }, analyst)).rejects.toMatchObject({
      code: 'DETECT_ALERT_STATE',
    });
    expect(await h.service.listFilters()).toEqual([]);
  });

  it('filters a correlation on its group by default', async () => {
    const rule = { ...RULE, id: 'corr-2' };
    const corr = (await h.service.raise(correlation({ TargetUserName: 'svc-backup' }, rule))).alert;
    const { filter } = await h.service.falsePositive(corr.id, { reason: 'service account' }, analyst);
    expect(filter).toMatchObject({ ruleId: 'corr-2', fields: { TargetUserName: 'svc-backup' } });
  });

  it('removes the verdict’s filter when the alert is reopened', async () => {
    const { filter } = await h.service.falsePositive(alert.id, { reason: 'x' }, analyst);
    await h.service.reopen(alert.id, analyst);
    expect(await h.service.exclusions()).toEqual([]);
    expect(changes).toBe(2);
    expect((await h.audit.list({ action: 'detect.filter.delete' }))[0]).toMatchObject({
      target: filter.id,
      details: { reason: 'alert-reopened' },
    });
  });

  it('deletes a filter by hand once, auditing the refusal of a second attempt', async () => {
    const { filter } = await h.service.falsePositive(alert.id, { reason: 'x' }, analyst);
    await h.service.deleteFilter(filter.id, analyst);
    await expect(h.service.deleteFilter(filter.id, analyst)).rejects.toMatchObject({
      code: 'DETECT_FILTER_NOT_FOUND',
      status: 404,
    });
    expect((await h.audit.list({ action: 'detect.filter.delete' })).map((r) => r.outcome)).toEqual([
      'failure',
      'success',
    ]);
    expect(changes).toBe(2);
  });
});
