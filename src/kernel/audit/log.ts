import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Database } from '../db/connect.js';
import { chainHash } from './chain.js';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditOutcome,
  type AuditRecord,
  type AuditVerifyResult,
  GENESIS_HASH,
} from './types.js';

interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  details: string;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

const VERIFY_BATCH = 1000;

/**
 * The hash-chained audit log. Each record's hash covers its fields and the previous record's hash, so
 * editing, deleting or reordering any record breaks the chain from there on and `verify` names it.
 */
export class AuditLog {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Appends a record. Pass the caller's transaction so that a change and its audit record commit
   * together or not at all.
   */
  async append(entry: AuditEntry, trx?: Transaction<any>): Promise<AuditRecord> {
    if (trx) return this.appendIn(trx, entry);
    return this.database.db.transaction().execute((own) => this.appendIn(own, entry));
  }

  private async appendIn(trx: Kysely<any>, entry: AuditEntry): Promise<AuditRecord> {
    if (this.database.engine === 'postgres') {
      // Several server processes append to one chain; the lock makes "read head, write next" atomic.
      await sql`select pg_advisory_xact_lock(7231001)`.execute(trx);
    }
    const head = (await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()) as { seq: number | string; hash: string } | undefined;
    const fields = {
      seq: head ? Number(head.seq) + 1 : 1,
      at: this.clock.now().toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome,
      details: entry.details ?? {},
      sourceIp: entry.sourceIp ?? null,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = chainHash(fields);
    await trx
      .insertInto('audit_log')
      .values({
        seq: fields.seq,
        at: fields.at,
        actor: fields.actor,
        action: fields.action,
        target: fields.target,
        outcome: fields.outcome,
        details: JSON.stringify(fields.details),
        source_ip: fields.sourceIp,
        prev_hash: fields.prevHash,
        hash,
      })
      .execute();
    return { ...fields, outcome: entry.outcome, hash };
  }

  async list(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    let query = this.database.db.selectFrom('audit_log').selectAll();
    if (filter.actor) query = query.where('actor', '=', filter.actor);
    // A prefix compared as text: LIKE differs between the engines (case, escapes).
    if (filter.action)
      query = query.where(sql`substr(action, 1, ${filter.action.length})`, '=', filter.action);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.target) query = query.where('target', '=', filter.target);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
    const rows = (await query
      .orderBy('seq', 'desc')
      .limit(Math.min(filter.limit ?? 100, 1000))
      .execute()) as AuditRow[];
    return rows.map(toRecord);
  }

  async verify(): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for (;;) {
      const rows = (await this.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq', 'asc')
        .limit(VERIFY_BATCH)
        .execute()) as AuditRow[];
      for (const row of rows) {
        const record = toRecord(row);
        if (record.seq !== expectedSeq) {
          return {
            ok: false,
            records: count,
            brokenAt: expectedSeq,
            reason: `record ${expectedSeq} is missing`,
          };
        }
        if (record.prevHash !== prevHash) {
          return {
            ok: false,
            records: count,
            brokenAt: record.seq,
            reason: 'link to the previous record is broken',
          };
        }
        const { hash, ...fields } = record;
        if (chainHash(fields) !== hash) {
          return {
            ok: false,
            records: count,
            brokenAt: record.seq,
            reason: 'record content does not match its hash',
          };
        }
        prevHash = hash;
        expectedSeq += 1;
        count += 1;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, records: count, headHash: prevHash };
    }
  }
}

function toRecord(row: AuditRow): AuditRecord {
  let details: AuditRecord['details'];
  try {
    details = JSON.parse(row.details) as AuditRecord['details'];
  } catch {
    // A hand-edited row with broken JSON still has to be listed, and verify will flag it.
    details = { unreadable: row.details };
  }
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    details,
    sourceIp: row.source_ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
