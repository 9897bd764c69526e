import { randomUUID } from 'node:crypto';
import { parseLocalReference } from '../fhir-types.js';
import type { EhrStore, StoredVersion } from '../store/store.js';
import { ehrError } from '../errors.js';

/** What a kick-off asked for, after the routes checked it against the spec and the token's scopes. */
export interface ExportSelection {
  level: 'system' | 'patient' | 'group';
  groupId: string | null;
  /** Types to export, all known and permitted. */
  types: string[];
  /** Only versions updated after this instant (ms), for `_since`. */
  since: number | null;
  /** Problems reported in the job's error file rather than failing the kick-off (lenient handling). */
  issues: string[];
  clientId: string;
  requestUrl: string;
}

export interface ExportFile {
  name: string;
  type: string;
  count: number;
  /** The file's NDJSON lines, produced on demand so a large export is never held as text. */
  lines: () => Iterable<string>;
}

export interface BulkJob {
  id: string;
  clientId: string;
  requestUrl: string;
  transactionTime: number;
  startedAtMs: number;
  state: 'in-progress' | 'complete';
  outputs: ExportFile[];
  errors: ExportFile[];
}

export interface BulkJobOptions {
  /** How long a job takes before it completes, so clients can be seen polling. */
  workMs: number;
  resourcesPerFile: number;
  maxRunning: number;
  /** How long finished jobs and their files stay available. */
  keepMs: number;
}

function groupPatients(store: EhrStore, groupId: string): string[] {
  const group = store.read('Group', groupId);
  if (!group) throw ehrError('CONTINUITY_EHR_NOT_FOUND', 'No such Group', { resourceType: 'Group' });
  const members = Array.isArray(group.member)
    ? (group.member as { entity?: { reference?: unknown }; inactive?: unknown }[])
    : [];
  const ids: string[] = [];
  for (const member of members) {
    const reference = member?.entity?.reference;
    const parsed = typeof reference === 'string' ? parseLocalReference(reference) : null;
    if (parsed?.type === 'Patient' && member.inactive !== true) ids.push(parsed.id);
  }
  return ids;
}

/** The versions an export covers, by type, as of now (the caller fenced the store just before). */
function snapshot(store: EhrStore, selection: ExportSelection): Map<string, StoredVersion[]> {
  const wanted = new Set(selection.types);
  const since = selection.since;
  const fresh = (version: StoredVersion): boolean => since === null || version.lastUpdated > since;
  const byType = new Map<string, StoredVersion[]>();
  const add = (version: StoredVersion): void => {
    const list = byType.get(version.type);
    if (list) list.push(version);
    else byType.set(version.type, [version]);
  };
  if (selection.level === 'group') {
    for (const patientId of groupPatients(store, selection.groupId ?? '')) {
      for (const version of store.compartment(patientId))
        if (wanted.has(version.type) && fresh(version)) add(version);
    }
  } else {
    for (const type of selection.types) {
      for (const version of store.versions(type)) {
        if (selection.level === 'patient' && version.patientId === null) continue;
        if (fresh(version)) add(version);
      }
    }
  }
  return byType;
}

function outcomeLine(diagnostics: string): string {
  return JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'not-supported', diagnostics }],
  });
}

/** Bulk Data export jobs: the snapshot is taken at kick-off, the files are served from memory. */
export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: EhrStore,
    private readonly options: BulkJobOptions,
  ) {}

  start(selection: ExportSelection): BulkJob {
    this.prune();
    const running = [...this.jobs.values()].filter((job) => job.state === 'in-progress').length;
    if (running >= this.options.maxRunning)
      throw ehrError('CONTINUITY_EHR_TOO_MANY_EXPORTS', 'Too many exports are running');
    const transactionTime = this.store.fence();
    const byType = snapshot(this.store, selection);
    const id = randomUUID();
    const outputs: ExportFile[] = [];
    const per = this.options.resourcesPerFile;
    for (const type of [...byType.keys()].sort()) {
      const versions = byType.get(type)!;
      for (let start = 0, part = 1; start < versions.length; start += per, part += 1) {
        const slice = versions.slice(start, start + per);
        outputs.push({
          name: `${type}-${part}.ndjson`,
          type,
          count: slice.length,
          lines: () => slice.map((version) => version.json),
        });
      }
    }
    const errorLines = selection.issues.map(outcomeLine);
    const errors: ExportFile[] =
      errorLines.length === 0
        ? []
        : [
            {
              name: 'errors-1.ndjson',
              type: 'OperationOutcome',
              count: errorLines.length,
              lines: () => errorLines,
            },
          ];
    const job: BulkJob = {
      id,
      clientId: selection.clientId,
      requestUrl: selection.requestUrl,
      transactionTime,
      startedAtMs: Date.now(),
      state: 'in-progress',
      outputs,
      errors,
    };
    this.jobs.set(id, job);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      job.state = 'complete';
    }, this.options.workMs);
    timer.unref();
    this.timers.add(timer);
    return job;
  }

  find(id: string, clientId: string): BulkJob | null {
    const job = this.jobs.get(id);
    return job && job.clientId === clientId ? job : null;
  }

  /** Percent done, for X-Progress. */
  progress(job: BulkJob): number {
    if (job.state === 'complete' || this.options.workMs <= 0) return 100;
    return Math.min(99, Math.floor(((Date.now() - job.startedAtMs) / this.options.workMs) * 100));
  }

  /** When to poll again: the remaining work, at least a second. */
  retryAfterSeconds(job: BulkJob): number {
    const remainingMs = this.options.workMs - (Date.now() - job.startedAtMs);
    return Math.min(60, Math.max(1, Math.ceil(remainingMs / 1000)));
  }

  /** Forgets the job and its files; false when there is no such job for this client. */
  cancel(id: string, clientId: string): boolean {
    if (!this.find(id, clientId)) return false;
    this.jobs.delete(id);
    return true;
  }

  file(id: string, name: string, clientId: string): ExportFile | null {
    const job = this.find(id, clientId);
    if (!job || job.state !== 'complete') return null;
    return [...job.outputs, ...job.errors].find((file) => file.name === name) ?? null;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.jobs.clear();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs)
      if (job.state === 'complete' && now - job.startedAtMs > this.options.keepMs) this.jobs.delete(id);
  }
}
