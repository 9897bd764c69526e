import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, call, seedUser, signIn } from '../src/server/http.testkit.js';
import { type TestApp, createTestApp } from '../src/server/testkit.js';

/**
 * Detection as a serving platform runs it: the shipped rules load, events come in over the HTTP
 * endpoint, matches become alerts, correlations count, and a full queue raises a health alert.
 */
let test: TestApp;
let admin: SignedIn;
let token: string;

const sysmon = (fields: Record<string, unknown>, computer = 'ward3-pc12.hospital.local') =>
  JSON.stringify({
    Event: {
      System: {
        EventID: 1,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: computer,
        TimeCreated: { SystemTime: new Date().toISOString() },
      },
      EventData: { User: 'HOSPITAL\\j.janssens', ...fields },
    },
  });

const failedLogon = (ip: string) =>
  JSON.stringify({
    winlog: {
      event_id: 4625,
      channel: 'Security',
      computer_name: 'dc01.hospital.local',
      event_data: { IpAddress: ip, TargetUserName: 'administrator' },
    },
    '@timestamp': new Date().toISOString(),
  });

interface AlertRow {
  id: string;
  ruleTitle: string;
  ruleId: string;
  count: number;
  status: string;
}

async function alerts(): Promise<AlertRow[]> {
  const response = await call(test.app, 'GET', '/api/detect/alerts?limit=100', { as: admin });
  expect(response.statusCode).toBe(200);
  return response.json<{ alerts: AlertRow[] }>().alerts;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function post(lines: string[], source = 'ward-pcs') {
  return call(test.app, 'POST', `/api/detect/events?source=${source}`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
}

beforeAll(async () => {
  test = await createTestApp({ config: { detect: { ingest: { queueCapacity: 50 } } } });
  await test.platform.startModules();
  const owner = await seedUser(test.services, 'admin', 'admin');
  admin = await signIn(test.app, 'admin');
  token = (
    await test.services.tokens.create(owner, { name: 'shipper', scopes: ['detect.ingest'] }, 'admin', null)
  ).secret;
});

afterAll(async () => {
  await test?.close();
});

describe('detection in the platform', () => {
  it('loads the shipped rules and lists them in the rule browser', async () => {
    const response = await call(test.app, 'GET', '/api/detect/rules?q=vssadmin', { as: admin });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ rules: { title: string }[]; problems: number }>();
    expect(body.rules.map((r) => r.title)).toContain('Shadow copies deleted with vssadmin');
    expect(body.problems).toBe(0);
  });

  it('raises an alert for a matching event and none for a harmless one', async () => {
    const response = await post([
      sysmon({
        Image: 'C:\\Windows\\System32\\vssadmin.exe',
        CommandLine: 'vssadmin delete shadows /all /quiet',
      }),
      sysmon({ Image: 'C:\\Windows\\System32\\notepad.exe', CommandLine: 'notepad.exe report.txt' }),
    ]);
    expect(response.statusCode).toBe(202);
    const raised = await until(
      async () => (await alerts()).find((a) => a.ruleTitle === 'Shadow copies deleted with vssadmin'),
      'the vssadmin alert',
    );
    expect(raised.count).toBe(1);
    expect((await alerts()).filter((a) => a.ruleTitle.includes('notepad'))).toEqual([]);
  });

  it('stops matching what an analyst marked as a false positive, and only that', async () => {
    const title = 'Shadow copies deleted with vssadmin';
    const onBackupServer = (parent: string) =>
      sysmon(
        {
          Image: 'C:\\Windows\\System32\\vssadmin.exe',
          CommandLine: 'vssadmin delete shadows /for=E: /oldest /quiet',
          ParentImage: parent,
        },
        'backup01.hospital.local',
      );
    const known = new Set((await alerts()).map((a) => a.id));
    expect((await post([onBackupServer('C:\\Program Files\\Backup\\prune.exe')])).statusCode).toBe(202);
    const first = await until(
      async () => (await alerts()).find((a) => a.ruleTitle === title && !known.has(a.id)),
      'the vssadmin alert of the backup server',
    );
    const marked = await call(test.app, 'POST', `/api/detect/alerts/${first.id}/false-positive`, {
      as: admin,
      body: { reason: 'nightly prune by the backup job', fields: ['Computer', 'ParentImage'] },
    });
    expect(marked.statusCode).toBe(200);
    known.add(first.id);
    // The prune job again: filtered. Then an unknown parent on the same server: still an alert, and
    // had the prune event matched, it would have opened that alert first and this one would count 2.
    expect((await post([onBackupServer('C:\\Program Files\\Backup\\prune.exe')])).statusCode).toBe(202);
    expect((await post([onBackupServer('C:\\Users\\Public\\locker.exe')])).statusCode).toBe(202);
    const next = await until(
      async () => (await alerts()).find((a) => a.ruleTitle === title && !known.has(a.id)),
      'an alert for the unknown parent',
    );
    expect(next.count).toBe(1);
    const detail = await call(test.app, 'GET', `/api/detect/alerts/${next.id}`, { as: admin });
    const fields = detail.json<{ alert: { event: { fields: Record<string, unknown> } } }>().alert.event
      .fields;
    expect(fields.ParentImage).toBe('C:\\Users\\Public\\locker.exe');
  });

  it('counts events per source in /metrics', async () => {
    const metrics = await call(test.app, 'GET', '/metrics');
    expect(metrics.body).toMatch(/lifeline_detect_events_received_total\{source="ward-pcs"\} [1-9]/);
    expect(metrics.body).toMatch(/lifeline_detect_matches_total\{kind="rule"\} [1-9]/);
  });

  it('counts failed logons into one correlation alert, without an alert per logon', async () => {
    const lines = Array.from({ length: 25 }, () => failedLogon('10.20.30.40'));
    expect((await post(lines, 'dc01')).statusCode).toBe(202);
    const brute = await until(
      async () => (await alerts()).find((a) => a.ruleTitle === 'Many failed logons from one address'),
      'the brute-force correlation',
    );
    expect(brute.ruleId).toBe('2a7e1ec4-72bf-48a7-b60d-04c189d75f89');
    expect((await alerts()).some((a) => a.ruleTitle === 'Failed logon')).toBe(false);
  });

  it('holds a false-positive verdict on a correlation for its group only', async () => {
    const title = 'Many failed logons from one address';
    const brute = await until(
      async () => (await alerts()).find((a) => a.ruleTitle === title && a.status === 'new'),
      'the open brute-force alert',
    );
    // The vulnerability scanner at this address: its group (the address) becomes the filter.
    const marked = await call(test.app, 'POST', `/api/detect/alerts/${brute.id}/false-positive`, {
      as: admin,
      body: { reason: 'authorised vulnerability scan' },
    });
    expect(marked.statusCode).toBe(200);
    const burst = (ip: string) => Array.from({ length: 25 }, () => failedLogon(ip));
    expect((await post(burst('10.20.30.40'), 'dc01')).statusCode).toBe(202);
    expect((await post(burst('10.99.0.7'), 'dc01')).statusCode).toBe(202);
    await until(
      async () => (await alerts()).find((a) => a.ruleTitle === title && a.status === 'new'),
      'the brute-force alert for the other address',
    );
    // Had the scanner's burst fired, it would have opened an alert before the other address's.
    expect((await alerts()).filter((a) => a.ruleTitle === title).map((a) => a.status)).toEqual([
      'new',
      'closed',
    ]);
  });

  it('refuses events with 503 when detection is turned off, instead of accepting what nothing reads', async () => {
    await test.close();
    test = await createTestApp({ config: { detect: { enabled: false } } });
    await test.platform.startModules();
    const owner = await seedUser(test.services, 'admin', 'admin');
    token = (
      await test.services.tokens.create(owner, { name: 'shipper', scopes: ['detect.ingest'] }, 'admin', null)
    ).secret;
    const response = await post([sysmon({ Image: 'C:\\x.exe' })]);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'DETECT_INGEST_CLOSED' });
  });

  it('answers 503 with Retry-After when the queue is full, and shows the backlog per source', async () => {
    await test.close();
    test = await createTestApp({ config: { detect: { ingest: { queueCapacity: 5 } } } });
    // Not started: no consumer drains the queue, so it fills.
    const owner = await seedUser(test.services, 'admin', 'admin');
    admin = await signIn(test.app, 'admin');
    token = (
      await test.services.tokens.create(owner, { name: 'shipper', scopes: ['detect.ingest'] }, 'admin', null)
    ).secret;
    const lines = Array.from({ length: 5 }, (_, i) => sysmon({ Image: `C:\\x${i}.exe` }));
    expect((await post(lines)).statusCode).toBe(202);
    const full = await post(lines);
    expect(full.statusCode).toBe(503);
    expect(full.headers['retry-after']).toBeDefined();
    const sources = await call(test.app, 'GET', '/api/detect/sources', { as: admin });
    const ward = sources
      .json<{ sources: { name: string; lagging: number }[] }>()
      .sources.find((s) => s.name === 'ward-pcs');
    expect(ward?.lagging).toBe(5);
  });
});
