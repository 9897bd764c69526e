import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { SigmaLevel } from '../types.js';
import { type AlertCursor, decodeCursor, encodeCursor } from './cursor.js';
import { type AlertRow, ALERT_COLUMNS, toAlert } from './rows.js';
import type { Alert, AlertStatus } from './types.js';

export interface AlertQuery {
  status?: AlertStatus | undefined;
  level?: SigmaLevel | undefined;
  ruleId?: string | undefined;
  assignee?: string | undefined;
  /** Case-insensitive text within the rule title, rule id, dedup key or source name. */
  q?: string | undefined;
  /** First seen at or after (ISO 8601 UTC). */
  from?: string | undefined;
  /** First seen before (ISO 8601 UTC). */
  to?: string | undefined;
  limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  before?: string | undefined;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor: string | null;
}

export const MAX_PAGE = 200;

/** LIKE behaves the same on both engines once both sides are lower-cased and wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matchesText(eb: ExpressionBuilder<any, any>, q: string): Expression<SqlBool> {
  const pattern = containsPattern(q);
  return eb.or(
    (['rule_title', 'rule_id', 'dedup_key', 'source_name'] as const).map(
      (column) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
    ),
  );
}

function afterCursor(eb: ExpressionBuilder<any, any>, cursor: AlertCursor): Expression<SqlBool> {
  return eb.or([
    eb('first_seen', '<', cursor.firstSeen),
    eb.and([eb('first_seen', '=', cursor.firstSeen), eb('id', '<', cursor.id)]),
  ]);
}

/** One page of alerts, newest first, with a cursor that stays stable while new alerts arrive. */
export async function listAlerts(db: Kysely<any>, query: AlertQuery): Promise<AlertPage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);
  const cursor = query.before ? decodeCursor(query.before) : undefined;
  let select = db.selectFrom('detect_alerts').select([...ALERT_COLUMNS]);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.level) select = select.where('level', '=', query.level);
  if (query.ruleId) select = select.where('rule_id', '=', query.ruleId);
  if (query.assignee) select = select.where('assignee', '=', query.assignee);
  if (query.from) select = select.where('first_seen', '>=', query.from);
  if (query.to) select = select.where('first_seen', '<', query.to);
  const { q } = query;
  if (q) select = select.where((eb) => matchesText(eb, q));
  if (cursor) select = select.where((eb) => afterCursor(eb, cursor));
  const rows = (await select
    .orderBy('first_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()) as AlertRow[];
  const page = rows.slice(0, limit).map(toAlert);
  const last = page.at(-1);
  return {
    alerts: page,
    nextCursor: rows.length > limit && last ? encodeCursor({ firstSeen: last.firstSeen, id: last.id }) : null,
  };
}
