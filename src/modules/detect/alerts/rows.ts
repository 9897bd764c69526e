import type { EventSource, SigmaLevel } from '../types.js';
import type { Alert, AlertCorrelation, AlertEvidence, AlertStatus } from './types.js';

/** A detect_alerts row as both engines return it (PostgreSQL may give integers as strings). */
export interface AlertRow {
  id: string;
  rule_id: string;
  rule_title: string;
  level: string;
  tags: string;
  attack: string;
  status: string;
  assignee: string | null;
  close_reason: string | null;
  false_positive: number | string;
  dedup_key: string;
  count: number | string;
  revision: number | string;
  first_seen: string;
  last_seen: string;
  source_name: string;
  source: string;
  correlation: string | null;
}

export interface AlertRowWithEvent extends AlertRow {
  event: string;
}

/** Every column but the evidence, which only the detail view needs. */
export const ALERT_COLUMNS = [
  'id',
  'rule_id',
  'rule_title',
  'level',
  'tags',
  'attack',
  'status',
  'assignee',
  'close_reason',
  'false_positive',
  'dedup_key',
  'count',
  'revision',
  'first_seen',
  'last_seen',
  'source_name',
  'source',
  'correlation',
] as const;

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleTitle: row.rule_title,
    level: row.level as SigmaLevel,
    tags: JSON.parse(row.tags) as string[],
    attack: JSON.parse(row.attack) as string[],
    status: row.status as AlertStatus,
    assignee: row.assignee,
    closeReason: row.close_reason,
    falsePositive: Number(row.false_positive) === 1,
    dedupKey: row.dedup_key,
    count: Number(row.count),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    source: JSON.parse(row.source) as EventSource,
    correlation: row.correlation === null ? null : (JSON.parse(row.correlation) as AlertCorrelation),
  };
}

export function fromAlert(alert: Alert, evidence: AlertEvidence, revision: number): AlertRowWithEvent {
  return {
    id: alert.id,
    rule_id: alert.ruleId,
    rule_title: alert.ruleTitle,
    level: alert.level,
    tags: JSON.stringify(alert.tags),
    attack: JSON.stringify(alert.attack),
    status: alert.status,
    assignee: alert.assignee,
    close_reason: alert.closeReason,
    false_positive: alert.falsePositive ? 1 : 0,
    dedup_key: alert.dedupKey,
    count: alert.count,
    revision,
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
    source_name: alert.source.name,
    source: JSON.stringify(alert.source),
    correlation: alert.correlation === null ? null : JSON.stringify(alert.correlation),
    event: JSON.stringify(evidence),
  };
}
