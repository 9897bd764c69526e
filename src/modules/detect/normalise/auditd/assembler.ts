import type { EventFields } from '../../types.js';
import { FieldSink } from '../field-sink.js';
import { guarded, normalised, refused, type NormaliseResult } from '../result.js';
import { parseAuditdRecord, type AuditRecord } from './record.js';

/** What a SYSCALL record tells about the process, copied onto the other records of its event. */
const PROCESS_CONTEXT = [
  'exe',
  'comm',
  'pid',
  'ppid',
  'uid',
  'gid',
  'euid',
  'egid',
  'auid',
  'ses',
  'tty',
  'key',
  'success',
  'exit',
  'syscall',
  'arch',
  'subj',
  'SYSCALL',
  'ARCH',
  'AUID',
  'UID',
  'GID',
  'EUID',
  'EGID',
];

const MAX_RECORDS_PER_EVENT = 64;

interface PendingEvent {
  readonly key: string;
  readonly records: AuditRecord[];
}

/**
 * Groups audit records into their events. The kernel writes one syscall's records together (SYSCALL,
 * then EXECVE, CWD, PATH, SOCKADDR, PROCTITLE …, then EOE), sharing a serial number. Each record is
 * still emitted on its own — Sigma's auditd rules test one record type at a time — but carries its
 * event's process context (exe, comm, pid, uid, key, SYSCALL …) and the event's cwd and proctitle,
 * so an EXECVE record knows which binary ran and a PATH record who touched it.
 *
 * A group ends at EOE, at the next SYSCALL record, at 64 records or on `flush()`, which the caller
 * should invoke when its input goes quiet. Records outside a syscall event (USER_LOGIN, ADD_USER, …)
 * come out at once.
 */
export class AuditdAssembler {
  private pending: PendingEvent | undefined;

  /** Results for the records completed by this line, in input order; a bad line gives a refusal. */
  push(line: string): NormaliseResult[] {
    const parsed = guardedParse(line);
    if ('reason' in parsed) return [refused(parsed.reason)];
    const out: NormaliseResult[] = [];
    if (this.pending !== undefined && this.pending.key === parsed.eventKey) {
      if (parsed.type !== 'EOE') this.pending.records.push(parsed);
      if (parsed.type === 'EOE' || this.pending.records.length >= MAX_RECORDS_PER_EVENT)
        out.push(...this.flush());
      return out;
    }
    if (parsed.type === 'SYSCALL') {
      out.push(...this.flush());
      this.pending = { key: parsed.eventKey, records: [parsed] };
      return out;
    }
    if (parsed.type !== 'EOE') out.push(normalised(parsed.fields, parsed.time));
    return out;
  }

  /** Completes the event being gathered, if any. */
  flush(): NormaliseResult[] {
    const event = this.pending;
    this.pending = undefined;
    if (event === undefined) return [];
    return guardedComplete(event.records);
  }
}

function guardedParse(line: string): AuditRecord | { readonly reason: string } {
  try {
    return parseAuditdRecord(line);
  } catch {
    return { reason: 'audit record could not be read' };
  }
}

function guardedComplete(records: readonly AuditRecord[]): NormaliseResult[] {
  return records.map((record) =>
    guarded(() => normalised(withContext(record, records), record.time), 'audit event could not be read'),
  );
}

function withContext(record: AuditRecord, records: readonly AuditRecord[]): EventFields {
  const syscall = records.find((candidate) => candidate.type === 'SYSCALL');
  const cwd = records.find((candidate) => candidate.type === 'CWD')?.fields.cwd;
  const proctitle = records.find((candidate) => candidate.type === 'PROCTITLE')?.fields.proctitle;
  const sink = new FieldSink();
  for (const [name, value] of Object.entries(record.fields)) sink.set(name, value);
  if (syscall !== undefined && syscall !== record) {
    for (const name of PROCESS_CONTEXT) {
      const value = syscall.fields[name];
      if (value !== undefined && Object.hasOwn(syscall.fields, name)) sink.set(name, value);
    }
  }
  if (cwd !== undefined) sink.set('cwd', cwd);
  if (proctitle !== undefined) sink.set('proctitle', proctitle);
  return sink.result();
}
