import type { Kysely } from 'kysely';
import type { AlertFilter, Exclusion } from './types.js';

interface FilterRow {
  id: string;
  rule_id: string;
  fields: string;
  reason: string;
  alert_id: string | null;
  created_by: string;
  created_at: string;
}

function toFilter(row: FilterRow): AlertFilter {
  return {
    id: row.id,
    ruleId: row.rule_id,
    fields: JSON.parse(row.fields) as Record<string, string>,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    alertId: row.alert_id,
  };
}

/** False-positive exclusions. Methods take the caller's transaction like the alert store. */
export class FilterStore {
  constructor(private readonly db: Kysely<any>) {}

  async insert(filter: AlertFilter, db: Kysely<any> = this.db): Promise<void> {
    const row: FilterRow = {
      id: filter.id,
      rule_id: filter.ruleId,
      fields: JSON.stringify(filter.fields),
      reason: filter.reason,
      alert_id: filter.alertId,
      created_by: filter.createdBy,
      created_at: filter.createdAt,
    };
    await db.insertInto('detect_filters').values(row).execute();
  }

  async list(db: Kysely<any> = this.db): Promise<AlertFilter[]> {
    const rows = (await db
      .selectFrom('detect_filters')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute()) as FilterRow[];
    return rows.map(toFilter);
  }

  async get(id: string, db: Kysely<any> = this.db): Promise<AlertFilter | undefined> {
    const row = (await db
      .selectFrom('detect_filters')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as FilterRow | undefined;
    return row ? toFilter(row) : undefined;
  }

  async ofAlert(alertId: string, db: Kysely<any> = this.db): Promise<AlertFilter[]> {
    const rows = (await db
      .selectFrom('detect_filters')
      .selectAll()
      .where('alert_id', '=', alertId)
      .execute()) as FilterRow[];
    return rows.map(toFilter);
  }

  /** True when this call removed it (a concurrent delete makes the other caller's false). */
  async remove(id: string, db: Kysely<any> = this.db): Promise<boolean> {
    const result = await db.deleteFrom('detect_filters').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async exclusions(): Promise<Exclusion[]> {
    return (await this.list()).map(({ ruleId, fields }) => ({ ruleId, fields }));
  }
}
