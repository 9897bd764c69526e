import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../kernel/bus/types.js';
import { type SignedIn, call, seedUser, signIn } from '../../../server/http.testkit.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import type { VaultJob, VaultJobRun } from './types.js';

let test: TestApp;
let admin: SignedIn;
let dir: string;
const events: BusEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-vault-platform-'));
  mkdirSync(join(dir, 'records', 'icu'), { recursive: true });
  writeFileSync(join(dir, 'records', 'icu', 'census.json'), '{"beds":12}');
  writeFileSync(join(dir, 'password'), 'platform-vault-secret\n');
  test = await createTestApp();
  await seedUser(test.services, 'admin', 'admin');
  admin = await signIn(test.app, 'admin');
  await test.services.bus.subscribe(
    { durable: 'vault-test', types: ['vault.>'], retryDelayMs: 50 },
    async (event) => {
      events.push(event);
    },
  );
});

afterAll(async () => {
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});

async function waitForEvent(type: string, runId: string): Promise<BusEvent> {
  for (let i = 0; i < 100; i++) {
    const found = events.find((e) => e.type === type && (e.data as { runId: string }).runId === runId);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${type} event for run ${runId}`);
}

describe('backup jobs in the platform', () => {
  let repositoryId = '';
  let job: VaultJob;

  it('creates a repository from a password file, never exposing the file or the password', async () => {
    const created = await call(test.app, 'POST', '/api/vault/repositories', {
      as: admin,
      body: {
        name: 'primary',
        location: join(dir, 'repo'),
        passwordFile: join(dir, 'password'),
        create: true,
      },
    });
    expect(created.statusCode).toBe(201);
    repositoryId = created.json<{ repository: { id: string } }>().repository.id;
    const listed = await call(test.app, 'GET', '/api/vault/repositories', { as: admin });
    expect(listed.json()).toMatchObject({
      repositories: [{ name: 'primary', reachable: true, snapshots: 0 }],
    });
    expect(listed.body).not.toContain('platform-vault-secret');
    expect(listed.body).not.toContain(join(dir, 'password'));
  });

  it('refuses a schedule that is not a cron pattern, naming the field', async () => {
    const bad = await call(test.app, 'POST', '/api/vault/jobs', {
      as: admin,
      body: { name: 'bad', repositoryId, sources: [join(dir, 'records')], schedule: 'every night' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'schedule' });
  });

  it('runs a job, records the run, announces it and audits it', async () => {
    const created = await call(test.app, 'POST', '/api/vault/jobs', {
      as: admin,
      body: {
        name: 'icu-nightly',
        repositoryId,
        sources: [join(dir, 'records')],
        schedule: '0 2 * * *',
        tags: ['icu'],
      },
    });
    expect(created.statusCode).toBe(201);
    job = created.json<{ job: VaultJob }>().job;
    const ran = await call(test.app, 'POST', `/api/vault/jobs/${job.id}/run`, { as: admin });
    const run = ran.json<{ run: VaultJobRun }>().run;
    expect(run).toMatchObject({ outcome: 'success', files: 1, problems: 0 });
    expect(run.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    await waitForEvent('vault.backup.completed', run.id);

    const snapshots = await call(test.app, 'GET', `/api/vault/repositories/${repositoryId}/snapshots`, {
      as: admin,
    });
    expect(snapshots.json()).toMatchObject({ snapshots: [{ id: run.snapshotId, tags: ['icu'] }] });
    const jobs = await call(test.app, 'GET', '/api/vault/jobs', { as: admin });
    expect(jobs.json()).toMatchObject({
      jobs: [{ name: 'icu-nightly', lastRun: { id: run.id, outcome: 'success' } }],
    });
    const audit = await test.services.audit.list({ action: 'vault.' });
    expect(audit.map((r) => r.action)).toEqual([
      'vault.backup.run',
      'vault.job.create',
      'vault.repository.add',
    ]);
  });

  it('records a failure, publishes vault.backup.failed and keeps going', async () => {
    const broken = await call(test.app, 'POST', '/api/vault/jobs', {
      as: admin,
      body: { name: 'gone', repositoryId, sources: [join(dir, 'no-such-share')], schedule: '0 3 * * *' },
    });
    const id = broken.json<{ job: VaultJob }>().job.id;
    const run = (await call(test.app, 'POST', `/api/vault/jobs/${id}/run`, { as: admin })).json<{
      run: VaultJobRun;
    }>().run;
    expect(run).toMatchObject({ outcome: 'failure' });
    expect(run.message).toContain('VAULT_SOURCE_UNREADABLE');
    const event = await waitForEvent('vault.backup.failed', run.id);
    expect(event.data).toMatchObject({ jobName: 'gone', outcome: 'failure' });
    const [record] = await test.services.audit.list({ action: 'vault.backup.run', outcome: 'failure' });
    expect(record?.target).toBe('gone');
  });

  it('applies the retention rules after a complete backup', async () => {
    const created = await call(test.app, 'POST', '/api/vault/jobs', {
      as: admin,
      body: {
        name: 'kept-short',
        repositoryId,
        sources: [join(dir, 'records', 'icu')],
        schedule: '0 4 * * *',
        tags: ['short'],
        retention: { keepLast: 1 },
      },
    });
    const id = created.json<{ job: VaultJob }>().job.id;
    await call(test.app, 'POST', `/api/vault/jobs/${id}/run`, { as: admin });
    const second = (await call(test.app, 'POST', `/api/vault/jobs/${id}/run`, { as: admin })).json<{
      run: VaultJobRun;
    }>();
    expect(second.run.message).toContain('1 old snapshot(s) removed');
    const snapshots = (
      await call(test.app, 'GET', `/api/vault/repositories/${repositoryId}/snapshots`, { as: admin })
    ).json<{
      snapshots: { id: string; tags?: string[] }[];
    }>().snapshots;
    expect(snapshots.filter((s) => s.tags?.includes('short')).map((s) => s.id)).toEqual([
      second.run.snapshotId,
    ]);
    // The other job's snapshot is untouched: rules apply to the job's own snapshots only.
    expect(snapshots.some((s) => s.tags?.includes('icu'))).toBe(true);
  });

  it('starts only the jobs whose schedule ticked in the window', async () => {
    const { VaultJobs } = await import('./jobs.js');
    const jobs = new VaultJobs(test.services);
    await jobs.updateJob(job.id, { schedule: '30 4 * * *' }, { actor: 'admin', sourceIp: null });
    const at = (time: string) => new Date(`2026-11-26T${time}:00`);
    const none = await jobs.runDue(at('04:00'), at('04:29'), { actor: 'system:scheduler', sourceIp: null });
    expect(none.filter((r) => r.jobId === job.id)).toHaveLength(0);
    const due = await jobs.runDue(at('04:29'), at('04:30'), { actor: 'system:scheduler', sourceIp: null });
    expect(due.filter((r) => r.jobId === job.id).map((r) => r.trigger)).toEqual(['schedule']);
  });
});
