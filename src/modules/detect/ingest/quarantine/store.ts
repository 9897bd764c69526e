import { randomBytes } from 'node:crypto';
import type { Database } from '../../../../kernel/db/connect.js';
import type { SourceKind } from '../../types.js';
import { QUARANTINE_LINE_BYTES, type QuarantineEntry, truncateUtf8 } from './entry.js';

/** A quarantined line as the console lists it (GET /api/detect/quarantine). */
export interface QuarantineRecord {
  readonly id: string;
  readonly source: string;
  readonly kind: SourceKind;
  readonly reason: string;
  readonly receivedAt: string;
  readonly line: string;
}

interface Row {
  id: string;
  source: string;
  kind: string;
  reason: string;
  received_at: string;
  line: string;
}

const INSERT_CHUNK = 200;
const MAX_REASON = 200;
let sequence = 0;

/** Ids that sort by creation: milliseconds, a per-process counter, then randomness across processes. */
function nextId(now: number): string {
  sequence = (sequence + 1) % 0x1000000;
  return (
    now.toString(16).padStart(12, '0') +
    sequence.toString(16).padStart(6, '0') +
    randomBytes(4).toString('hex')
  );
}

/** PostgreSQL text cannot hold NUL; the line is evidence, so the NUL is shown, not dropped. */
function storable(text: string, maxBytes: number): string {
  return truncateUtf8(text.replaceAll('\0', '\uFFFD'), maxBytes);
}

export class QuarantineStore {
  constructor(private readonly database: Database) {}

  async insert(entries: readonly QuarantineEntry[]): Promise<void> {
    const now = Date.now();
    const rows: Row[] = entries.map((entry) => ({
      id: nextId(now),
      source: entry.source,
      kind: entry.kind,
      reason: storable(entry.reason, MAX_REASON),
      received_at: entry.receivedAt,
      line: storable(entry.line, QUARANTINE_LINE_BYTES),
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.database.db
        .insertInto('detect_quarantine')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  }

  /** Newest first, optionally of one source, with the total matching count. */
  async list(query: {
    source?: string;
    limit: number;
  }): Promise<{ entries: QuarantineRecord[]; total: number }> {
    let select = this.database.db.selectFrom('detect_quarantine');
    if (query.source !== undefined) select = select.where('source', '=', query.source);
    const rows = (await select.selectAll().orderBy('id', 'desc').limit(query.limit).execute()) as Row[];
    const counted = await select.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
    return {
      entries: rows.map((row) => ({
        id: row.id,
        source: row.source,
        kind: row.kind as SourceKind,
        reason: row.reason,
        receivedAt: row.received_at,
        line: row.line,
      })),
      total: Number((counted as { total?: unknown } | undefined)?.total ?? 0),
    };
  }

  /** Deletes all but the newest `keep` lines of a source; returns how many went. */
  async trim(source: string, keep: number): Promise<number> {
    const boundary = (await this.database.db
      .selectFrom('detect_quarantine')
      .select('id')
      .where('source', '=', source)
      .orderBy('id', 'desc')
      .limit(1)
      .offset(keep)
      .executeTakeFirst()) as { id: string } | undefined;
    if (!boundary) return 0;
    const result = await this.database.db
      .deleteFrom('detect_quarantine')
      .where('source', '=', source)
      .where('id', '<=', boundary.id)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
