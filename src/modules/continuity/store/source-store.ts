import type { Kysely } from 'kysely';
import type { RejectedResource } from '../types.js';

/** The last sync of one source: the console's "sources and their last sync". */
export interface SourceStatus {
  sourceId: string;
  kind: string;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'partial' | 'failed' | null;
  message: string | null;
  /** Where the next delta starts: the Bulk Data transactionTime of the last complete export. */
  bookmark: string | null;
  /** When a sync last finished ok or partial. */
  lastSuccessAt: string | null;
  resources: number;
  rejected: number;
  /** The first rejections of the last sync, with position and reason (no patient data). */
  rejections: RejectedResource[];
}

interface SourceRow {
  source_id: string;
  kind: string;
  started_at: string | null;
  finished_at: string | null;
  outcome: string | null;
  message: string | null;
  bookmark: string | null;
  last_success_at: string | null;
  resources: number | string;
  rejected: number | string;
  rejections: string;
}

const KEPT_REJECTIONS = 50;

export class SourceStore {
  constructor(private readonly db: Kysely<any>) {}

  async get(sourceId: string): Promise<SourceStatus | undefined> {
    const row = (await this.db
      .selectFrom('continuity_sources')
      .selectAll()
      .where('source_id', '=', sourceId)
      .executeTakeFirst()) as SourceRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<SourceStatus[]> {
    const rows = (await this.db
      .selectFrom('continuity_sources')
      .selectAll()
      .orderBy('source_id')
      .execute()) as SourceRow[];
    return rows.map(fromRow);
  }

  async started(sourceId: string, kind: string, at: string): Promise<void> {
    await this.db
      .insertInto('continuity_sources')
      .values({ source_id: sourceId, kind, started_at: at, outcome: 'running', rejections: '[]' })
      .onConflict((conflict) =>
        conflict.column('source_id').doUpdateSet({ kind, started_at: at, outcome: 'running', message: null }),
      )
      .execute();
  }

  async finished(
    sourceId: string,
    result: {
      at: string;
      outcome: 'ok' | 'partial' | 'failed';
      message: string | null;
      bookmark?: string | null;
      resources: number;
      rejections: readonly RejectedResource[];
    },
  ): Promise<void> {
    await this.db
      .updateTable('continuity_sources')
      .set({
        finished_at: result.at,
        outcome: result.outcome,
        message: result.message,
        ...(result.bookmark !== undefined ? { bookmark: result.bookmark } : {}),
        ...(result.outcome === 'failed' ? {} : { last_success_at: result.at }),
        resources: result.resources,
        rejected: result.rejections.length,
        rejections: JSON.stringify(result.rejections.slice(0, KEPT_REJECTIONS)),
      })
      .where('source_id', '=', sourceId)
      .execute();
  }
}

function fromRow(row: SourceRow): SourceStatus {
  return {
    sourceId: row.source_id,
    kind: row.kind,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: (row.outcome as SourceStatus['outcome']) ?? null,
    message: row.message,
    bookmark: row.bookmark,
    lastSuccessAt: row.last_success_at,
    resources: Number(row.resources),
    rejected: Number(row.rejected),
    rejections: JSON.parse(row.rejections) as RejectedResource[],
  };
}
