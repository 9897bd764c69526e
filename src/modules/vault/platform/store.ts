import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { randomId } from '../../../kernel/crypto/random.js';
import type { JobOutcome, Retention, VaultJob, VaultJobRun, VaultRepositoryRecord } from './types.js';

interface RepositoryRow {
  id: string;
  name: string;
  location: string;
  password_file: string;
  created_at: string;
  created_by: string;
}

interface JobRow {
  id: string;
  name: string;
  repository_id: string;
  sources: string;
  excludes: string;
  tags: string;
  schedule: string;
  retention: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

interface RunRow {
  id: string;
  job_id: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  snapshot_id: string | null;
  files: number | string | null;
  bytes_read: number | string | null;
  bytes_stored: number | string | null;
  problems: number | string | null;
  message: string | null;
}

export type NewJob = Omit<VaultJob, 'id' | 'createdAt' | 'updatedAt'>;

/** Where the platform keeps its backup repositories, jobs and the record of every run. */
export class VaultStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  async addRepository(input: Omit<VaultRepositoryRecord, 'id' | 'createdAt'>, db: Kysely<any> = this.db) {
    const row: RepositoryRow = {
      id: randomId(),
      name: input.name,
      location: input.location,
      password_file: input.passwordFile,
      created_at: this.clock.now().toISOString(),
      created_by: input.createdBy,
    };
    await db.insertInto('vault_repositories').values(row).execute();
    return toRepository(row);
  }

  async repositories(): Promise<VaultRepositoryRecord[]> {
    const rows = (await this.db
      .selectFrom('vault_repositories')
      .selectAll()
      .orderBy('name')
      .execute()) as RepositoryRow[];
    return rows.map(toRepository);
  }

  async repository(id: string): Promise<VaultRepositoryRecord | undefined> {
    const row = (await this.db
      .selectFrom('vault_repositories')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as RepositoryRow | undefined;
    return row ? toRepository(row) : undefined;
  }

  async addJob(input: NewJob, db: Kysely<any> = this.db): Promise<VaultJob> {
    const now = this.clock.now().toISOString();
    const job: VaultJob = { ...input, id: randomId(), createdAt: now, updatedAt: now };
    await db.insertInto('vault_jobs').values(fromJob(job)).execute();
    return job;
  }

  async updateJob(job: VaultJob, db: Kysely<any> = this.db): Promise<VaultJob> {
    const updated = { ...job, updatedAt: this.clock.now().toISOString() };
    await db.updateTable('vault_jobs').set(fromJob(updated)).where('id', '=', job.id).execute();
    return updated;
  }

  async removeJob(id: string, db: Kysely<any> = this.db): Promise<void> {
    await db.deleteFrom('vault_jobs').where('id', '=', id).execute();
  }

  async jobs(): Promise<VaultJob[]> {
    const rows = (await this.db.selectFrom('vault_jobs').selectAll().orderBy('name').execute()) as JobRow[];
    return rows.map(toJob);
  }

  async job(id: string): Promise<VaultJob | undefined> {
    const row = (await this.db
      .selectFrom('vault_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as JobRow | undefined;
    return row ? toJob(row) : undefined;
  }

  async startRun(jobId: string, trigger: VaultJobRun['trigger']): Promise<VaultJobRun> {
    const run: VaultJobRun = {
      id: randomId(),
      jobId,
      trigger,
      startedAt: this.clock.now().toISOString(),
      finishedAt: null,
      outcome: 'running',
      snapshotId: null,
      files: null,
      bytesRead: null,
      bytesStored: null,
      problems: null,
      message: null,
    };
    await this.db.insertInto('vault_job_runs').values(fromRun(run)).execute();
    return run;
  }

  async finishRun(
    run: VaultJobRun,
    result: Partial<VaultJobRun> & { outcome: JobOutcome },
  ): Promise<VaultJobRun> {
    const finished: VaultJobRun = { ...run, ...result, finishedAt: this.clock.now().toISOString() };
    await this.db.updateTable('vault_job_runs').set(fromRun(finished)).where('id', '=', run.id).execute();
    return finished;
  }

  async runs(jobId: string, limit = 50): Promise<VaultJobRun[]> {
    const rows = (await this.db
      .selectFrom('vault_job_runs')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute()) as RunRow[];
    return rows.map(toRun);
  }
}

function toRepository(row: RepositoryRow): VaultRepositoryRecord {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    passwordFile: row.password_file,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function toJob(row: JobRow): VaultJob {
  return {
    id: row.id,
    name: row.name,
    repositoryId: row.repository_id,
    sources: JSON.parse(row.sources) as string[],
    excludes: JSON.parse(row.excludes) as string[],
    tags: JSON.parse(row.tags) as string[],
    schedule: row.schedule,
    retention: JSON.parse(row.retention) as Retention,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function fromJob(job: VaultJob): JobRow {
  return {
    id: job.id,
    name: job.name,
    repository_id: job.repositoryId,
    sources: JSON.stringify(job.sources),
    excludes: JSON.stringify(job.excludes),
    tags: JSON.stringify(job.tags),
    schedule: job.schedule,
    retention: JSON.stringify(job.retention),
    enabled: job.enabled ? 1 : 0,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toRun(row: RunRow): VaultJobRun {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger as VaultJobRun['trigger'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as JobOutcome,
    snapshotId: row.snapshot_id,
    files: num(row.files),
    bytesRead: num(row.bytes_read),
    bytesStored: num(row.bytes_stored),
    problems: num(row.problems),
    message: row.message,
  };
}

function fromRun(run: VaultJobRun): RunRow {
  return {
    id: run.id,
    job_id: run.jobId,
    trigger: run.trigger,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    outcome: run.outcome,
    snapshot_id: run.snapshotId,
    files: run.files,
    bytes_read: run.bytesRead,
    bytes_stored: run.bytesStored,
    problems: run.problems,
    message: run.message,
  };
}
