/** The shapes the detection API answers with (docs: the detect HTTP contract); times are ISO 8601. */

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export const ALERT_STATUSES = ['new', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertSource {
  kind: string;
  name: string;
  address?: string | null;
}

export interface Correlation {
  type: string;
  group: Record<string, string>;
  value: number;
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleTitle: string;
  level: Level;
  tags: string[];
  attack: string[];
  status: AlertStatus;
  assignee: string | null;
  closeReason: string | null;
  falsePositive: boolean;
  dedupKey: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  source: AlertSource;
  correlation: Correlation | null;
}

export const HISTORY_ACTIONS = [
  'raised',
  'repeated',
  'acknowledged',
  'assigned',
  'closed',
  'false-positive',
  'reopened',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export interface HistoryEntry {
  at: string;
  actor: string;
  action: HistoryAction;
  detail?: string | null;
}

export interface AlertEvent {
  fields: Record<string, unknown>;
  raw: string;
  receivedAt: string;
  time?: string | null;
}

export interface AlertDetail extends Alert {
  event: AlertEvent;
  history: HistoryEntry[];
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor: string | null;
}

export type Bucket = 'hour' | 'day';

export interface StatsBucket {
  start: string;
  total: number;
  byLevel: Partial<Record<Level, number>>;
}

export interface AlertStats {
  buckets: StatsBucket[];
  byStatus: Partial<Record<AlertStatus, number>>;
  byLevel: Partial<Record<Level, number>>;
}

/** A false-positive filter: events whose fields equal these values no longer raise the rule. */
export interface DetectFilter {
  id: string;
  ruleId: string;
  fields: Record<string, string>;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface Logsource {
  product?: string | null;
  category?: string | null;
  service?: string | null;
}

export type RuleKind = 'rule' | 'correlation' | 'filter';

export interface RuleSummary {
  id: string;
  title: string;
  level: Level;
  status?: string | null;
  tags: string[];
  logsource: Logsource;
  file?: string | null;
  kind: RuleKind;
}

export interface RuleDetail extends RuleSummary {
  description?: string | null;
  author?: string | null;
  references?: string[] | null;
  falsepositives?: string[] | null;
}

export interface RulePage {
  rules: RuleSummary[];
  total: number;
  problems: number;
}

export interface RuleProblem {
  file: string;
  line: number;
  reason: string;
  ruleId?: string | null;
  title?: string | null;
}

export const SOURCE_STATUSES = ['ok', 'idle', 'lagging', 'dropping'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

export interface IngestSource {
  name: string;
  kind: string;
  address?: string | null;
  received: number;
  processed: number;
  dropped: number;
  malformed: number;
  lagging: number;
  lastEventAt: string | null;
  status: SourceStatus;
}

export interface QuarantineEntry {
  id: string;
  source: string;
  reason: string;
  receivedAt: string;
  line: string;
}
