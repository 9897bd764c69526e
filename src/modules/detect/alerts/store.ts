import { type Kysely, sql } from 'kysely';
import { type AlertRow, type AlertRowWithEvent, ALERT_COLUMNS, fromAlert, toAlert } from './rows.js';
import type {
  Alert,
  AlertDetail,
  AlertEvidence,
  AlertHistoryEntry,
  AlertStatus,
  HistoryAction,
} from './types.js';

interface HistoryRow {
  alert_id: string;
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export interface HistoryNote {
  at: string;
  actor: string;
  action: HistoryAction;
  detail?: string | undefined;
}

/** The columns a triage action may change. */
export interface AlertChange {
  status?: AlertStatus;
  assignee?: string | null;
  closeReason?: string | null;
  falsePositive?: boolean;
}

/** Repeats shown with an alert's history; older ones are counted in `count`, not listed. */
const REPEATS_SHOWN = 50;

/** Alerts and their history. Methods take the caller's transaction so changes commit with their audit. */
export class AlertStore {
  constructor(private readonly db: Kysely<any>) {}

  async insert(alert: Alert, evidence: AlertEvidence, note: HistoryNote, db: Kysely<any> = this.db) {
    await db
      .insertInto('detect_alerts')
      .values(fromAlert(alert, evidence, 1))
      .execute();
    await this.addHistory(alert.id, 1, note, db);
  }

  /** The latest alert of the rule and key that is still open and was last seen at or after `since`. */
  async findOpen(ruleId: string, dedupKey: string, since: string, db: Kysely<any> = this.db) {
    const row = (await db
      .selectFrom('detect_alerts')
      .select(['id'])
      .where('rule_id', '=', ruleId)
      .where('dedup_key', '=', dedupKey)
      .where('last_seen', '>=', since)
      .where('status', '<>', 'closed')
      .orderBy('last_seen', 'desc')
      .limit(1)
      .executeTakeFirst()) as { id: string } | undefined;
    return row?.id;
  }

  /** Folds one more match into an alert. */
  async repeat(id: string, note: HistoryNote, db: Kysely<any> = this.db): Promise<Alert | undefined> {
    const updated = (await db
      .updateTable('detect_alerts')
      .set({
        count: sql`count + 1`,
        revision: sql`revision + 1`,
        // Matches may be processed out of order; last_seen only moves forward.
        last_seen: sql`case when last_seen < ${note.at} then ${note.at} else last_seen end`,
      })
      .where('id', '=', id)
      .returning(['revision'])
      .executeTakeFirst()) as { revision: number | string } | undefined;
    if (!updated) return undefined;
    await this.addHistory(id, Number(updated.revision), note, db);
    return this.get(id, db);
  }

  /**
   * Applies a change only while the alert's status is one of `from`, atomically on both engines, so
   * two analysts closing the same alert at once cannot both succeed. Undefined when it did not apply.
   */
  async transition(
    id: string,
    from: readonly AlertStatus[],
    change: AlertChange,
    note: HistoryNote,
    db: Kysely<any> = this.db,
  ): Promise<Alert | undefined> {
    const set: Record<string, unknown> = { revision: sql`revision + 1` };
    if (change.status !== undefined) set.status = change.status;
    if (change.assignee !== undefined) set.assignee = change.assignee;
    if (change.closeReason !== undefined) set.close_reason = change.closeReason;
    if (change.falsePositive !== undefined) set.false_positive = change.falsePositive ? 1 : 0;
    const updated = (await db
      .updateTable('detect_alerts')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .returning(['revision'])
      .executeTakeFirst()) as { revision: number | string } | undefined;
    if (!updated) return undefined;
    await this.addHistory(id, Number(updated.revision), note, db);
    return this.get(id, db);
  }

  async get(id: string, db: Kysely<any> = this.db): Promise<Alert | undefined> {
    const row = (await db
      .selectFrom('detect_alerts')
      .select([...ALERT_COLUMNS])
      .where('id', '=', id)
      .executeTakeFirst()) as AlertRow | undefined;
    return row ? toAlert(row) : undefined;
  }

  async evidence(id: string, db: Kysely<any> = this.db): Promise<AlertEvidence | undefined> {
    const row = (await db
      .selectFrom('detect_alerts')
      .select(['event'])
      .where('id', '=', id)
      .executeTakeFirst()) as Pick<AlertRowWithEvent, 'event'> | undefined;
    return row ? (JSON.parse(row.event) as AlertEvidence) : undefined;
  }

  async detail(id: string): Promise<AlertDetail | undefined> {
    const row = (await this.db
      .selectFrom('detect_alerts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as AlertRowWithEvent | undefined;
    if (!row) return undefined;
    return {
      ...toAlert(row),
      event: JSON.parse(row.event) as AlertEvidence,
      history: await this.history(id),
    };
  }

  /** Every triage step, and the latest repeats: a noisy rule must not bury who closed what. */
  async history(id: string): Promise<AlertHistoryEntry[]> {
    const steps = (await this.db
      .selectFrom('detect_alert_history')
      .selectAll()
      .where('alert_id', '=', id)
      .where('action', '<>', 'repeated')
      .execute()) as HistoryRow[];
    const repeats = (await this.db
      .selectFrom('detect_alert_history')
      .selectAll()
      .where('alert_id', '=', id)
      .where('action', '=', 'repeated')
      .orderBy('seq', 'desc')
      .limit(REPEATS_SHOWN)
      .execute()) as HistoryRow[];
    return [...steps, ...repeats]
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({
        at: row.at,
        actor: row.actor,
        action: row.action as HistoryAction,
        ...(row.detail === null ? {} : { detail: row.detail }),
      }));
  }

  private async addHistory(alertId: string, seq: number, note: HistoryNote, db: Kysely<any>) {
    const row: HistoryRow = {
      alert_id: alertId,
      seq,
      at: note.at,
      actor: note.actor,
      action: note.action,
      detail: note.detail ?? null,
    };
    await db.insertInto('detect_alert_history').values(row).execute();
  }
}
