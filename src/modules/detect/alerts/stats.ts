import { type Kysely, sql } from 'kysely';
import { LifelineError } from '../../../kernel/errors.js';
import type { SigmaLevel } from '../types.js';
import { ALERT_STATUSES, type AlertStatus, SIGMA_LEVELS } from './types.js';

export type StatsBucket = 'hour' | 'day';

export interface AlertStats {
  buckets: { start: string; total: number; byLevel: Record<SigmaLevel, number> }[];
  byStatus: Record<AlertStatus, number>;
  byLevel: Record<SigmaLevel, number>;
}

export const MAX_BUCKETS = 1000;

const STEP_MS: Record<StatsBucket, number> = { hour: 3_600_000, day: 86_400_000 };
/** ISO-8601 UTC text up to the hour (`2026-01-13T08`) or the day (`2026-01-13`). */
const PREFIX: Record<StatsBucket, number> = { hour: 13, day: 10 };

const zeroLevels = (): Record<SigmaLevel, number> =>
  Object.fromEntries(SIGMA_LEVELS.map((level) => [level, 0])) as Record<SigmaLevel, number>;

function floorTo(time: number, bucket: StatsBucket): number {
  return Math.floor(time / STEP_MS[bucket]) * STEP_MS[bucket];
}

/**
 * Alerts first seen in [from, to), counted per UTC hour or day and level. Times are stored as
 * ISO-8601 UTC text, so a prefix of it is the bucket on both engines; empty buckets are filled here.
 */
export async function alertStats(
  db: Kysely<any>,
  range: { from: string; to: string; bucket: StatsBucket },
): Promise<AlertStats> {
  const first = floorTo(Date.parse(range.from), range.bucket);
  const end = Date.parse(range.to);
  if (!(end > first))
    throw new LifelineError('VALIDATION_FAILED', '`to` must be after `from`', { field: 'to' });
  if ((end - first) / STEP_MS[range.bucket] > MAX_BUCKETS) {
    throw new LifelineError('VALIDATION_FAILED', `the range spans more than ${MAX_BUCKETS} buckets`, {
      field: 'bucket',
    });
  }
  // A literal length: PostgreSQL sees two bound parameters as two different grouping expressions.
  const key = sql<string>`substr(first_seen, 1, ${sql.lit(PREFIX[range.bucket])})`;
  const inRange = db
    .selectFrom('detect_alerts')
    .where('first_seen', '>=', range.from)
    .where('first_seen', '<', range.to);
  const levelRows = (await inRange
    .select([key.as('bucket'), 'level', sql<number | string>`count(*)`.as('n')])
    .groupBy([key, 'level'])
    .execute()) as { bucket: string; level: string; n: number | string }[];
  const statusRows = (await inRange
    .select(['status', sql<number | string>`count(*)`.as('n')])
    .groupBy('status')
    .execute()) as { status: string; n: number | string }[];

  const buckets = new Map<string, AlertStats['buckets'][number]>();
  for (let at = first; at < end; at += STEP_MS[range.bucket]) {
    const start = new Date(at).toISOString();
    buckets.set(start.slice(0, PREFIX[range.bucket]), { start, total: 0, byLevel: zeroLevels() });
  }
  const byLevel = zeroLevels();
  for (const row of levelRows) {
    const n = Number(row.n);
    const level = row.level as SigmaLevel;
    const bucket = buckets.get(row.bucket);
    if (bucket && level in bucket.byLevel) {
      bucket.total += n;
      bucket.byLevel[level] += n;
    }
    if (level in byLevel) byLevel[level] += n;
  }
  const byStatus = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  for (const row of statusRows)
    if (row.status in byStatus) byStatus[row.status as AlertStatus] += Number(row.n);
  return { buckets: [...buckets.values()], byStatus, byLevel };
}
