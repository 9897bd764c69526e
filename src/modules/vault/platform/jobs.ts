import { readFile } from 'node:fs/promises';
import { Cron } from 'croner';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import { LifelineError, isLifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import { listSnapshots } from '../archiver/find-snapshot.js';
import { type ExpirePolicy, forgetSnapshots, withExclusiveLock } from '../maintenance/index.js';
import type { Repository } from '../repo/repository.js';
import { backupWithLock, initRepository, openRepository } from '../service.js';
import { type NewJob, VaultStore } from './store.js';
import {
  type BackupEventData,
  VAULT_EVENTS,
  type VaultJob,
  type VaultJobRun,
  type VaultRepositoryRecord,
} from './types.js';

export interface VaultPlatformDeps {
  database: Database;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

export interface Who {
  actor: string;
  sourceIp: string | null;
}

export interface RepositorySummary extends Omit<VaultRepositoryRecord, 'passwordFile'> {
  reachable: boolean;
  problem: string | null;
  snapshots: number;
  latestSnapshot: string | null;
  storedBytes: number;
}

async function readPassword(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new LifelineError('VALIDATION_FAILED', 'the password file cannot be read', {
      field: 'passwordFile',
    });
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password)
    throw new LifelineError('VALIDATION_FAILED', 'the password file is empty', { field: 'passwordFile' });
  return password;
}

export function checkSchedule(pattern: string): void {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch {
    throw new LifelineError('VALIDATION_FAILED', 'the schedule is not a valid cron pattern', {
      field: 'schedule',
    });
  }
}

/** Backup repositories and jobs as the platform runs them: scheduled, recorded, audited, announced. */
export class VaultJobs {
  readonly store: VaultStore;
  private readonly readers = new Map<string, Promise<Repository>>();

  constructor(private readonly deps: VaultPlatformDeps) {
    this.store = new VaultStore(deps.database.db, deps.clock);
  }

  async addRepository(
    input: { name: string; location: string; passwordFile: string; create: boolean },
    who: Who,
  ): Promise<VaultRepositoryRecord> {
    const target = { repo: input.location, password: await readPassword(input.passwordFile) };
    // Proves the password now, so a job never learns at 2 a.m. that it cannot open its repository.
    await (input.create ? initRepository(target) : openRepository(target));
    const record = await this.store.addRepository({ ...input, createdBy: who.actor });
    await this.deps.audit.append({
      ...who,
      action: 'vault.repository.add',
      target: input.name,
      outcome: 'success',
      details: { created: input.create },
    });
    return record;
  }

  async open(record: VaultRepositoryRecord): Promise<Repository> {
    return openRepository({ repo: record.location, password: await readPassword(record.passwordFile) });
  }

  /**
   * For listings only: opening derives the key with scrypt, far too slow to repeat on every page
   * view. Snapshot and pack listings read storage afresh; backups open their own fresh handle so
   * that their index is current.
   */
  openForReading(record: VaultRepositoryRecord): Promise<Repository> {
    let opened = this.readers.get(record.id);
    if (!opened) {
      opened = this.open(record);
      this.readers.set(record.id, opened);
      opened.catch(() => this.readers.delete(record.id));
    }
    return opened;
  }

  async summary(record: VaultRepositoryRecord): Promise<RepositorySummary> {
    const { passwordFile: _secretPath, ...visible } = record;
    try {
      const repository = await this.openForReading(record);
      const snapshots = await listSnapshots(repository);
      let storedBytes = 0;
      for await (const pack of repository.listPacks()) storedBytes += pack.size;
      return {
        ...visible,
        reachable: true,
        problem: null,
        snapshots: snapshots.length,
        latestSnapshot: snapshots.at(-1)?.time ?? null,
        storedBytes,
      };
    } catch (error) {
      const problem = isLifelineError(error) ? error.code : 'unreachable';
      return { ...visible, reachable: false, problem, snapshots: 0, latestSnapshot: null, storedBytes: 0 };
    }
  }

  async addJob(input: NewJob, who: Who): Promise<VaultJob> {
    checkSchedule(input.schedule);
    if (!(await this.store.repository(input.repositoryId))) {
      throw new LifelineError('NOT_FOUND', 'no such repository', { field: 'repositoryId' });
    }
    const job = await this.store.addJob(input);
    await this.deps.audit.append({
      ...who,
      action: 'vault.job.create',
      target: job.name,
      outcome: 'success',
    });
    return job;
  }

  async updateJob(
    id: string,
    patch: { [K in keyof Omit<NewJob, 'repositoryId'>]?: NewJob[K] | undefined },
    who: Who,
  ): Promise<VaultJob> {
    const job = await this.store.job(id);
    if (!job) throw new LifelineError('NOT_FOUND', 'no such backup job');
    if (patch.schedule !== undefined) checkSchedule(patch.schedule);
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const updated = await this.store.updateJob({ ...job, ...given });
    await this.deps.audit.append({
      ...who,
      action: 'vault.job.update',
      target: job.name,
      outcome: 'success',
      details: { fields: Object.keys(given) },
    });
    return updated;
  }

  async removeJob(id: string, who: Who): Promise<void> {
    const job = await this.store.job(id);
    if (!job) throw new LifelineError('NOT_FOUND', 'no such backup job');
    await this.store.removeJob(id);
    await this.deps.audit.append({
      ...who,
      action: 'vault.job.delete',
      target: job.name,
      outcome: 'success',
    });
  }

  /** Runs a job now. Failures are recorded and announced, never thrown: a scheduler must go on. */
  async run(jobId: string, trigger: VaultJobRun['trigger'], who: Who): Promise<VaultJobRun> {
    const job = await this.store.job(jobId);
    if (!job) throw new LifelineError('NOT_FOUND', 'no such backup job');
    const record = await this.store.repository(job.repositoryId);
    const run = await this.store.startRun(job.id, trigger);
    let finished: VaultJobRun;
    try {
      if (!record) throw new LifelineError('NOT_FOUND', 'the job’s repository is gone');
      const repository = await this.open(record);
      const result = await backupWithLock(repository, {
        paths: job.sources,
        excludes: job.excludes,
        tags: job.tags,
      });
      const problems = result.stats.errors.length;
      const forgotten = problems === 0 ? await this.applyRetention(repository, job) : 0;
      finished = await this.store.finishRun(run, {
        outcome: problems > 0 ? 'partial' : 'success',
        snapshotId: result.snapshotId,
        files: result.stats.files,
        bytesRead: result.stats.bytesRead,
        bytesStored: result.stats.dataBytesStored,
        problems,
        message:
          problems > 0
            ? `${problems} item(s) could not be read`
            : forgotten > 0
              ? `${forgotten} old snapshot(s) removed by the retention rules`
              : null,
      });
    } catch (error) {
      const message = isLifelineError(error) ? `${error.code}: ${error.message}` : 'unexpected failure';
      this.deps.logger.error({ job: job.name, err: loggableError(error) }, 'backup job failed');
      finished = await this.store.finishRun(run, { outcome: 'failure', message: message.slice(0, 300) });
    }
    await this.announce(job, record?.name ?? '', finished, who);
    return finished;
  }

  /**
   * Removes the job's snapshots that its retention rules no longer keep. Only after a complete
   * backup: an incomplete one must never push a complete one out. The space is freed by prune.
   */
  private async applyRetention(repository: Repository, job: VaultJob): Promise<number> {
    const { keepLast, keepDaily, keepWeekly, keepMonthly } = job.retention;
    const policy: ExpirePolicy = {
      ...(keepLast ? { last: keepLast } : {}),
      ...(keepDaily ? { daily: keepDaily } : {}),
      ...(keepWeekly ? { weekly: keepWeekly } : {}),
      ...(keepMonthly ? { monthly: keepMonthly } : {}),
    };
    if (Object.keys(policy).length === 0) return 0;
    const result = await withExclusiveLock(repository, () =>
      forgetSnapshots(repository, {
        policy,
        filter: { paths: job.sources, ...(job.tags.length ? { tags: job.tags } : {}) },
      }),
    );
    return result.removed.length;
  }

  /** Runs every enabled job whose schedule has a tick in (from, to]. */
  async runDue(from: Date, to: Date, who: Who): Promise<VaultJobRun[]> {
    const runs: VaultJobRun[] = [];
    for (const job of await this.store.jobs()) {
      if (!job.enabled) continue;
      const next = new Cron(job.schedule, { paused: true }).nextRun(from);
      if (next && next.getTime() <= to.getTime()) runs.push(await this.run(job.id, 'schedule', who));
    }
    return runs;
  }

  private async announce(job: VaultJob, repository: string, run: VaultJobRun, who: Who): Promise<void> {
    const data: BackupEventData = {
      jobId: job.id,
      jobName: job.name,
      repository,
      runId: run.id,
      outcome: run.outcome,
      snapshotId: run.snapshotId,
      message: run.message,
    };
    const failed = run.outcome !== 'success';
    await this.deps.audit.append({
      ...who,
      action: 'vault.backup.run',
      target: job.name,
      outcome: run.outcome === 'failure' ? 'failure' : 'success',
      details: { outcome: run.outcome, snapshot: run.snapshotId ?? '', trigger: run.trigger },
    });
    await this.deps.bus.publish(
      failed ? VAULT_EVENTS.backupFailed : VAULT_EVENTS.backupCompleted,
      data,
      'vault',
    );
  }
}
