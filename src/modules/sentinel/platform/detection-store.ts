import type { Kysely } from 'kysely';
import type { ActionOutcome, Detection, Signal, Writer } from '../types.js';

/**
 * Where a detection stands: the writer held stopped, or not stopped because every halting action
 * failed (it may still run); let go again, killed, or closed by a person.
 */
export type DetectionStatus = 'stopped' | 'unstopped' | 'released' | 'killed' | 'resolved';
/** The statuses an operator still has to decide about. */
export const OPEN_STATUSES: readonly DetectionStatus[] = ['stopped', 'unstopped'];
/** The engine keeps the last 1000 files a writer changed; a detection holding that many may have had more. */
export const ENGINE_FILES_CAP = 1000;

/** A detection as stored: what the sentinel saw and did, and what an operator did since. */
export interface DetectionRecord {
  id: string;
  share: string;
  writer: Writer;
  score: number;
  signals: Signal[];
  files: string[];
  /** Files the engine reported; when `filesAtLeast`, the writer changed at least this many. */
  filesTotal: number;
  filesAtLeast: boolean;
  firstSignalAt: string;
  detectedAt: string;
  actions: ActionOutcome[];
  status: DetectionStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** A list row: everything but the long arrays. */
export type DetectionSummary = Omit<DetectionRecord, 'signals' | 'files'> & { signalCount: number };

/** The stored file list is capped; the total says how many there were. */
export const STORED_FILES = 1000;
const STORED_SIGNALS = 500;

interface DetectionRow {
  id: string;
  share: string;
  writer_pid: number | string | null;
  writer_start_ticks: number | string | null;
  writer_exe: string | null;
  writer_cmdline: string | null;
  writer_user: string | null;
  writer_smb_client: string | null;
  score: number | string;
  signals: string;
  files: string;
  files_total: number | string;
  first_signal_at: string;
  detected_at: string;
  actions: string;
  status: string;
  resolved_by: string | null;
  resolved_at: string | null;
}

const STATUSES = new Set<DetectionStatus>(['stopped', 'unstopped', 'released', 'killed', 'resolved']);

export class DetectionStore {
  constructor(private readonly db: Kysely<any>) {}

  /** Stores a new detection; the same id again (a redelivery) leaves the first record as it is. */
  async add(detection: Detection, status: DetectionStatus): Promise<boolean> {
    const result = await this.db
      .insertInto('sentinel_detections')
      .values({
        id: detection.id,
        share: detection.share,
        writer_pid: detection.writer.pid,
        writer_start_ticks: detection.writer.startTicks ?? null,
        writer_exe: detection.writer.executable,
        writer_cmdline: detection.writer.commandLine,
        writer_user: detection.writer.user,
        writer_smb_client: detection.writer.smbClient ? JSON.stringify(detection.writer.smbClient) : null,
        score: detection.score,
        signals: JSON.stringify(detection.signals.slice(0, STORED_SIGNALS)),
        files: JSON.stringify(detection.files.slice(0, STORED_FILES)),
        files_total: detection.files.length,
        first_signal_at: new Date(detection.firstSignalAt).toISOString(),
        detected_at: new Date(detection.detectedAt).toISOString(),
        actions: JSON.stringify(detection.actions),
        status,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(id: string): Promise<DetectionRecord | undefined> {
    const row = (await this.db
      .selectFrom('sentinel_detections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as DetectionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  async list(
    options: { limit?: number | undefined; status?: DetectionStatus | undefined } = {},
  ): Promise<DetectionSummary[]> {
    let query = this.db
      .selectFrom('sentinel_detections')
      .selectAll()
      .orderBy('detected_at', 'desc')
      .orderBy('id')
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    if (options.status) query = query.where('status', '=', options.status);
    const rows = (await query.execute()) as DetectionRow[];
    return rows.map((row) => summaryOf(fromRow(row)));
  }

  /**
   * Closes an open detection with an operator's action and adds its outcome; false when the
   * detection is no longer open (someone else acted first).
   */
  async close(
    id: string,
    change: {
      status: Exclude<DetectionStatus, 'stopped' | 'unstopped'>;
      by: string;
      at: string;
      outcome?: ActionOutcome;
    },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = (await trx
        .selectFrom('sentinel_detections')
        .select(['status', 'actions'])
        .where('id', '=', id)
        .executeTakeFirst()) as Pick<DetectionRow, 'status' | 'actions'> | undefined;
      if (!row || !OPEN_STATUSES.includes(row.status as DetectionStatus)) return false;
      const actions = parseArray<ActionOutcome>(row.actions);
      if (change.outcome) actions.push(change.outcome);
      const result = await trx
        .updateTable('sentinel_detections')
        .set({
          status: change.status,
          resolved_by: change.by,
          resolved_at: change.at,
          actions: JSON.stringify(actions),
        })
        .where('id', '=', id)
        .where('status', '=', row.status)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  /**
   * The engine reports a detection again when it stops another process of the same group: keeps the
   * newer files and score and appends the engine's new actions; returns those actions.
   */
  async extend(detection: Detection): Promise<ActionOutcome[]> {
    return this.db.transaction().execute(async (trx) => {
      const row = (await trx
        .selectFrom('sentinel_detections')
        .select('actions')
        .where('id', '=', detection.id)
        .executeTakeFirst()) as Pick<DetectionRow, 'actions'> | undefined;
      if (!row) return [];
      const stored = parseArray<ActionOutcome>(row.actions);
      const known = new Set(stored.map((action) => JSON.stringify(action)));
      const added = detection.actions.filter((action) => !known.has(JSON.stringify(action)));
      await trx
        .updateTable('sentinel_detections')
        .set({
          score: detection.score,
          signals: JSON.stringify(detection.signals.slice(0, STORED_SIGNALS)),
          files: JSON.stringify(detection.files.slice(0, STORED_FILES)),
          files_total: detection.files.length,
          actions: JSON.stringify([...stored, ...added]),
        })
        .where('id', '=', detection.id)
        .execute();
      return added;
    });
  }

  /** Adds an action's outcome without changing the status (a failed release stays open). */
  async addAction(id: string, outcome: ActionOutcome): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = (await trx
        .selectFrom('sentinel_detections')
        .select('actions')
        .where('id', '=', id)
        .executeTakeFirst()) as Pick<DetectionRow, 'actions'> | undefined;
      if (!row) return;
      const actions = [...parseArray<ActionOutcome>(row.actions), outcome];
      await trx
        .updateTable('sentinel_detections')
        .set({ actions: JSON.stringify(actions) })
        .where('id', '=', id)
        .execute();
    });
  }

  async countOpen(): Promise<number> {
    const row = await this.db
      .selectFrom('sentinel_detections')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst();
    return Number((row as { n?: number | string } | undefined)?.n ?? 0);
  }
}

function summaryOf(record: DetectionRecord): DetectionSummary {
  const summary: Partial<DetectionRecord> & DetectionSummary = {
    ...record,
    signalCount: record.signals.length,
  };
  delete summary.signals;
  delete summary.files;
  return summary;
}

function parseArray<T>(text: string): T[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

function fromRow(row: DetectionRow): DetectionRecord {
  const smb = row.writer_smb_client ? (JSON.parse(row.writer_smb_client) as Writer['smbClient']) : undefined;
  return {
    id: row.id,
    share: row.share,
    writer: {
      pid: row.writer_pid === null ? null : Number(row.writer_pid),
      ...(row.writer_start_ticks === null ? {} : { startTicks: Number(row.writer_start_ticks) }),
      executable: row.writer_exe,
      commandLine: row.writer_cmdline,
      user: row.writer_user,
      ...(smb ? { smbClient: smb } : {}),
    },
    score: Number(row.score),
    signals: parseArray<Signal>(row.signals),
    files: parseArray<string>(row.files),
    filesTotal: Number(row.files_total),
    filesAtLeast: Number(row.files_total) >= ENGINE_FILES_CAP,
    firstSignalAt: row.first_signal_at,
    detectedAt: row.detected_at,
    actions: parseArray<ActionOutcome>(row.actions),
    status: STATUSES.has(row.status as DetectionStatus) ? (row.status as DetectionStatus) : 'stopped',
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}
