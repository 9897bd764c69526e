import type { CorrelationType, EventFields, EventSource, SigmaLevel } from '../types.js';

export const ALERT_STATUSES = ['new', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const SIGMA_LEVELS = [
  'informational',
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly SigmaLevel[];

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

export interface AlertCorrelation {
  type: CorrelationType;
  group: Record<string, string>;
  value: number;
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleTitle: string;
  level: SigmaLevel;
  tags: string[];
  /** ATT&CK techniques, tactics, groups and software named by the rule's `attack.*` tags. */
  attack: string[];
  status: AlertStatus;
  assignee: string | null;
  closeReason: string | null;
  falsePositive: boolean;
  dedupKey: string;
  /** Matches folded into this alert, the first included. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  source: EventSource;
  correlation: AlertCorrelation | null;
}

/** The evidence kept with an alert: the event that raised it, raw line included. */
export interface AlertEvidence {
  fields: EventFields;
  raw: string;
  receivedAt: string;
  time?: string;
}

export interface AlertHistoryEntry {
  at: string;
  actor: string;
  action: HistoryAction;
  detail?: string;
}

export interface AlertDetail extends Alert {
  event: AlertEvidence;
  history: AlertHistoryEntry[];
}

/** A false-positive exclusion: events of the rule whose fields all equal these values are ignored. */
export interface AlertFilter {
  id: string;
  ruleId: string;
  fields: Record<string, string>;
  reason: string;
  createdBy: string;
  createdAt: string;
  /** The alert whose false-positive verdict created it; reopening that alert removes it. */
  alertId: string | null;
}

/** What the engine needs of a filter. */
export interface Exclusion {
  ruleId: string;
  fields: Record<string, string>;
}

/** Who asks for a change, for the audit record. */
export interface Who {
  actor: string;
  sourceIp: string | null;
}

/** Events the alerts part publishes on the bus. */
export const DETECT_ALERT_EVENTS = {
  alertRaised: 'detect.alert.raised',
  filtersChanged: 'detect.filters.changed',
} as const;

/** `detect.alert.raised`: enough to route and open an incident, never the event's content. */
export interface AlertRaisedEventData {
  alertId: string;
  ruleId: string;
  title: string;
  level: SigmaLevel;
  tags: string[];
  sourceName: string;
  dedupKey: string;
}

/** `detect.filters.changed`: other processes' engines reload their exclusions. */
export interface FiltersChangedEventData {
  ruleId: string;
  filterId: string;
  change: 'created' | 'deleted';
}
