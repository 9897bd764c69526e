import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, call, problemCode, seedUser, signIn } from '../../../server/http.testkit.js';
import { HOST_EVENT, RULE, match } from '../alerts/alerts.testkit.js';
import type { Alert, AlertDetail, AlertFilter } from '../alerts/types.js';
import { type DetectTestApp, createDetectTestApp } from './app.testkit.js';
import { testCatalog } from './catalog.testkit.js';

let t: DetectTestApp;
const as: Record<string, SignedIn> = {};
let alert: Alert;

beforeAll(async () => {
  t = await createDetectTestApp(testCatalog(), {
    ruleFields: () => ['Image', 'CommandLine'],
    isAssignable: async (name) => (await t.services.auth.users.byUsername(name))?.disabled === 0,
  });
  for (const [name, role] of [
    ['admin', 'admin'],
    ['analyst', 'security-analyst'],
    ['commander', 'incident-commander'],
    ['auditor', 'auditor'],
    ['clinician', 'clinician'],
  ] as const) {
    await seedUser(t.services, name, role);
    as[name] = await signIn(t.app, name);
  }
  alert = (await t.alerts.raise(match())).alert;
});

afterAll(async () => t.close());

const user = (name: string): SignedIn => {
  const signedIn = as[name];
  if (!signedIn) throw new Error(`${name} is not signed in`);
  return signedIn;
};

/** Every route of the Alerts and Rules sections, with a body that would be valid. */
const ROUTES: { method: HTTPMethods; url: () => string; body?: unknown; permission: string }[] = [
  { method: 'GET', url: () => '/api/detect/alerts', permission: 'detect.read' },
  { method: 'GET', url: () => '/api/detect/alerts/stats', permission: 'detect.read' },
  { method: 'GET', url: () => `/api/detect/alerts/${alert.id}`, permission: 'detect.read' },
  {
    method: 'POST',
    url: () => `/api/detect/alerts/${alert.id}/acknowledge`,
    body: {},
    permission: 'detect.triage',
  },
  {
    method: 'POST',
    url: () => `/api/detect/alerts/${alert.id}/assign`,
    body: { assignee: 'analyst' },
    permission: 'detect.triage',
  },
  {
    method: 'POST',
    url: () => `/api/detect/alerts/${alert.id}/close`,
    body: { reason: 'x' },
    permission: 'detect.triage',
  },
  {
    method: 'POST',
    url: () => `/api/detect/alerts/${alert.id}/false-positive`,
    body: { reason: 'x' },
    permission: 'detect.triage',
  },
  {
    method: 'POST',
    url: () => `/api/detect/alerts/${alert.id}/reopen`,
    body: {},
    permission: 'detect.triage',
  },
  { method: 'GET', url: () => '/api/detect/filters', permission: 'detect.manage' },
  { method: 'DELETE', url: () => '/api/detect/filters/0123', permission: 'detect.manage' },
  { method: 'GET', url: () => '/api/detect/rules', permission: 'detect.read' },
  { method: 'GET', url: () => '/api/detect/rules/problems', permission: 'detect.read' },
  { method: 'GET', url: () => '/api/detect/rules/rule-vss', permission: 'detect.read' },
];

describe('detect API access', () => {
  it.each(ROUTES)('$method $permission: 401 without a session, 403 for a clinician', async (route) => {
    const anonymous = await call(t.app, route.method, route.url(), { body: route.body });
    expect(anonymous.statusCode).toBe(401);
    expect(problemCode(anonymous)).toBe('AUTH_REQUIRED');
    const clinician = await call(t.app, route.method, route.url(), {
      as: user('clinician'),
      body: route.body,
    });
    expect(clinician.statusCode).toBe(403);
    expect(problemCode(clinician)).toBe('AUTH_FORBIDDEN');
  });

  it.each(ROUTES.filter((r) => r.permission !== 'detect.read'))(
    '$method $permission is refused to readers (auditor, incident commander)',
    async (route) => {
      for (const reader of ['auditor', 'commander']) {
        const response = await call(t.app, route.method, route.url(), { as: user(reader), body: route.body });
        expect(response.statusCode).toBe(403);
      }
    },
  );

  it('lets readers read alerts and rules', async () => {
    for (const reader of ['auditor', 'commander']) {
      for (const route of ROUTES.filter((r) => r.permission === 'detect.read')) {
        const response = await call(t.app, route.method, route.url(), { as: user(reader) });
        expect(response.statusCode, `${reader} ${route.url()}`).toBe(200);
      }
    }
  });
});

describe('alerts over HTTP', () => {
  it('lists alerts with filters and refuses bad parameters clearly', async () => {
    await t.alerts.raise(
      match({ ...HOST_EVENT, Computer: 'ws-lab-02' }, { ...RULE, id: 'rule-vss', level: 'critical' }),
    );
    const all = await call(t.app, 'GET', '/api/detect/alerts?status=&q=', { as: user('auditor') });
    expect(all.json<{ alerts: Alert[] }>().alerts).toHaveLength(2);
    const critical = await call(t.app, 'GET', '/api/detect/alerts?level=critical&limit=1', {
      as: user('auditor'),
    });
    expect(critical.json()).toMatchObject({ alerts: [{ ruleId: 'rule-vss' }], nextCursor: null });
    const searched = await call(t.app, 'GET', '/api/detect/alerts?q=WS-LAB', { as: user('auditor') });
    expect(searched.json<{ alerts: Alert[] }>().alerts.map((a) => a.ruleId)).toEqual(['rule-vss']);
    const paged = await call(t.app, 'GET', '/api/detect/alerts?limit=1', { as: user('auditor') });
    const cursor = paged.json<{ nextCursor: string }>().nextCursor;
    const next = await call(t.app, 'GET', `/api/detect/alerts?limit=1&before=${cursor}`, {
      as: user('auditor'),
    });
    const pages = [paged, next].flatMap((r) => r.json<{ alerts: Alert[] }>().alerts.map((a) => a.id));
    expect(pages.sort()).toEqual(
      all
        .json<{ alerts: Alert[] }>()
        .alerts.map((a) => a.id)
        .sort(),
    );
    expect(next.json()).toMatchObject({ nextCursor: null });

    const badCursor = await call(t.app, 'GET', '/api/detect/alerts?before=garbage!', { as: user('auditor') });
    expect([badCursor.statusCode, problemCode(badCursor)]).toEqual([400, 'DETECT_CURSOR_INVALID']);
    for (const bad of ['level=severe', 'limit=0', 'from=yesterday', 'colour=red']) {
      const response = await call(t.app, 'GET', `/api/detect/alerts?${bad}`, { as: user('auditor') });
      expect([response.statusCode, problemCode(response)], bad).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('shows an alert with its evidence and history, and 404s an unknown one', async () => {
    const response = await call(t.app, 'GET', `/api/detect/alerts/${alert.id}`, { as: user('auditor') });
    const detail = response.json<{ alert: AlertDetail }>().alert;
    expect(detail).toMatchObject({
      id: alert.id,
      status: 'new',
      event: { fields: { Computer: HOST_EVENT.Computer } },
    });
    expect(detail.event.raw).toContain('powershell');
    expect(detail.history.map((h) => h.action)).toEqual(['raised']);
    const missing = await call(t.app, 'GET', `/api/detect/alerts/${'0'.repeat(32)}`, { as: user('auditor') });
    expect([missing.statusCode, problemCode(missing)]).toEqual([404, 'DETECT_ALERT_NOT_FOUND']);
  });

  it('runs the triage actions in order, refusing the ones the state does not allow', async () => {
    const analyst = user('analyst');
    const post = (action: string, body?: unknown) =>
      call(t.app, 'POST', `/api/detect/alerts/${alert.id}/${action}`, { as: analyst, body });
    expect((await post('acknowledge')).json()).toMatchObject({ alert: { status: 'acknowledged' } });
    const again = await post('acknowledge', {});
    expect([again.statusCode, problemCode(again)]).toEqual([409, 'DETECT_ALERT_STATE']);
    expect((await post('assign', { assignee: 'admin' })).json()).toMatchObject({
      alert: { assignee: 'admin' },
    });
    const nobody = await post('assign', { assignee: 'nobody' });
    expect([nobody.statusCode, problemCode(nobody)]).toEqual([400, 'DETECT_ASSIGNEE_UNKNOWN']);
    const noReason = await post('close', { reason: '  ' });
    expect([noReason.statusCode, problemCode(noReason)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await post('close', { reason: 'expected maintenance' })).json()).toMatchObject({
      alert: { status: 'closed', closeReason: 'expected maintenance' },
    });
    const closedAgain = await post('close', { reason: 'again' });
    expect([closedAgain.statusCode, problemCode(closedAgain)]).toEqual([409, 'DETECT_ALERT_STATE']);
    expect((await post('reopen')).json()).toMatchObject({ alert: { status: 'new', closeReason: null } });

    const fp = await post('false-positive', { reason: 'IT script', fields: ['Computer', 'Image'] });
    const { filter } = fp.json<{ alert: Alert; filter: AlertFilter }>();
    expect(fp.json()).toMatchObject({ alert: { status: 'closed', falsePositive: true } });
    expect(filter).toMatchObject({
      ruleId: RULE.id,
      fields: { Computer: HOST_EVENT.Computer, Image: HOST_EVENT.Image },
      createdBy: 'analyst',
    });
    const listed = await call(t.app, 'GET', '/api/detect/filters', { as: analyst });
    expect(listed.json()).toEqual({ filters: [filter] });
    expect(await t.alerts.exclusions()).toEqual([{ ruleId: RULE.id, fields: filter.fields }]);

    const removed = await call(t.app, 'DELETE', `/api/detect/filters/${filter.id}`, { as: analyst });
    expect(removed.statusCode).toBe(204);
    const gone = await call(t.app, 'DELETE', `/api/detect/filters/${filter.id}`, { as: analyst });
    expect([gone.statusCode, problemCode(gone)]).toEqual([404, 'DETECT_FILTER_NOT_FOUND']);

    const history = (await call(t.app, 'GET', `/api/detect/alerts/${alert.id}`, { as: analyst })).json<{
      alert: AlertDetail;
    }>().alert.history;
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'system:detect'],
      ['acknowledged', 'analyst'],
      ['assigned', 'analyst'],
      ['closed', 'analyst'],
      ['reopened', 'analyst'],
      ['false-positive', 'analyst'],
    ]);
    const audit = await t.services.audit.list({ action: 'detect.', actor: 'analyst' });
    expect(audit.map((r) => `${r.action}:${r.outcome}`).reverse()).toEqual([
      'detect.alert.acknowledge:success',
      'detect.alert.acknowledge:failure',
      'detect.alert.assign:success',
      'detect.alert.assign:failure',
      'detect.alert.close:success',
      'detect.alert.close:failure',
      'detect.alert.reopen:success',
      'detect.filter.create:success',
      'detect.alert.false-positive:success',
      'detect.filter.delete:success',
      'detect.filter.delete:failure',
    ]);
  });

  it('counts alerts per hour and day, defaulting to the last day', async () => {
    const hourly = await call(t.app, 'GET', '/api/detect/alerts/stats', { as: user('auditor') });
    const stats = hourly.json<{
      buckets: { total: number }[];
      byLevel: Record<string, number>;
      byStatus: Record<string, number>;
    }>();
    expect(stats.buckets.length).toBeGreaterThanOrEqual(24);
    expect(stats.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(2);
    expect(stats.byLevel).toMatchObject({ high: 1, critical: 1 });
    expect(stats.byStatus).toEqual({ new: 1, acknowledged: 0, closed: 1 });
    const daily = await call(t.app, 'GET', '/api/detect/alerts/stats?bucket=day', { as: user('auditor') });
    expect(daily.json<{ buckets: unknown[] }>().buckets.length).toBeGreaterThanOrEqual(30);
    const backwards = await call(
      t.app,
      'GET',
      '/api/detect/alerts/stats?from=2026-01-13T10:00:00%2B01:00&to=2026-01-13T08:00:00Z',
      { as: user('auditor') },
    );
    expect([backwards.statusCode, problemCode(backwards)]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('rules over HTTP', () => {
  it('lists and filters rules with the problem count', async () => {
    const all = await call(t.app, 'GET', '/api/detect/rules', { as: user('auditor') });
    expect(all.json()).toMatchObject({ total: 3, problems: 1 });
    const filtered = await call(t.app, 'GET', '/api/detect/rules?product=linux&limit=10&offset=0', {
      as: user('auditor'),
    });
    expect(filtered.json()).toEqual({
      rules: [
        {
          id: 'rule-ssh',
          title: 'SSH Brute Force',
          level: 'medium',
          status: 'test',
          tags: [],
          logsource: { product: 'linux', service: 'sshd' },
          file: 'rules/windows/rule-ssh.yml',
          kind: 'correlation',
        },
      ],
      total: 1,
      problems: 1,
    });
    const bad = await call(t.app, 'GET', '/api/detect/rules?offset=-1', { as: user('auditor') });
    expect(bad.statusCode).toBe(400);
  });

  it('shows one rule with its source, and the problems', async () => {
    const found = await call(t.app, 'GET', '/api/detect/rules/rule-encoded-ps', { as: user('auditor') });
    expect(found.json()).toMatchObject({
      rule: { id: 'rule-encoded-ps', falsepositives: ['Administrative scripts'], author: 'Lifeline tests' },
      source: 'title: Suspicious Encoded PowerShell\nid: rule-encoded-ps\n',
    });
    const missing = await call(t.app, 'GET', '/api/detect/rules/none', { as: user('auditor') });
    expect([missing.statusCode, problemCode(missing)]).toEqual([404, 'DETECT_RULE_NOT_FOUND']);
    const problems = await call(t.app, 'GET', '/api/detect/rules/problems', { as: user('auditor') });
    expect(problems.json()).toEqual({
      problems: [
        { file: 'rules/broken.yml', line: 7, reason: 'unknown modifier |bogus', ruleId: 'rule-broken' },
      ],
    });
  });
});
