/**
 * A module's report that something about the platform itself needs a person: a downtime device
 * that stopped refreshing, a failed restore drill. The detection module turns each into an alert,
 * so they reach the same triage queue, notifications and on-call people as attack alerts.
 */
export const HEALTH_ALERT_EVENT = 'platform.health.alert';

export interface HealthAlertData {
  /** A stable id per kind of problem, e.g. `lifeline-continuity-device-stale`. */
  ruleId: string;
  title: string;
  level: 'low' | 'medium' | 'high' | 'critical';
  /** The reporting module, e.g. `continuity`. */
  module: string;
  /** Facts for the alert page and for deduplication; never patient data. */
  fields: Record<string, string | number | boolean | null>;
  summary: string;
}
