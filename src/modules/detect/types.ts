/**
 * The contracts between the detection module's parts: ingest produces events, the Sigma engine
 * matches them, correlations aggregate matches, and alerts store and notify. Each part owns its own
 * folder; this file is the only thing they share.
 */

/** A value of a normalised event field. Nested objects are flattened to dotted names by ingest. */
export type FieldValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** A flat event: Sigma-facing field name → value. */
export type EventFields = Readonly<Record<string, FieldValue>>;

export type SourceKind = 'syslog-udp' | 'syslog-tcp' | 'syslog-tls' | 'http' | 'file' | 'scan' | 'stream';

/** Where an event came from: a configured ingest source. */
export interface EventSource {
  readonly kind: SourceKind;
  /** The operator's name for the source, e.g. `dc01-syslog`, stable across restarts. */
  readonly name: string;
  /** Peer address for network sources (ip:port), the path for file tails. */
  readonly address?: string;
}

/** An event after ingest: what the engine, correlations and alerts see. */
export interface DetectEvent {
  readonly fields: EventFields;
  readonly source: EventSource;
  /** When Lifeline received it (ISO 8601). */
  readonly receivedAt: string;
  /** The event's own timestamp when the input carried one (ISO 8601); correlations use it. */
  readonly time?: string;
  /** The original line or document, capped by ingest; kept with an alert as evidence. */
  readonly raw: string;
}

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface Logsource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** What an alert needs to know about the rule that raised it. */
export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly level: SigmaLevel;
  readonly status?: string;
  readonly tags: readonly string[];
  readonly logsource: Logsource;
  readonly file?: string;
  /** Rule `name` (used by correlation rules to refer to it). */
  readonly name?: string;
}

/** A single-event rule matched an event. */
export interface RuleMatch {
  readonly rule: RuleSummary;
  readonly event: DetectEvent;
}

/** A correlation rule fired over a group of matches. */
export interface CorrelationMatch {
  readonly rule: RuleSummary;
  readonly type: CorrelationType;
  /** Group-by field → value for the group that fired. */
  readonly group: Readonly<Record<string, string>>;
  /** The aggregate that crossed the threshold (count, distinct count, sum, avg, percentile). */
  readonly value: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The events that made up the group, capped; the last one is the one that fired. */
  readonly events: readonly DetectEvent[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

/** A rule file or document that did not compile: nothing is dropped silently. */
export interface RuleProblem {
  readonly file: string;
  /** 1-based line of the document or key that failed. */
  readonly line: number;
  readonly reason: string;
  readonly ruleId?: string;
  readonly title?: string;
}

/** Field name in a rule → the event field (or fields, any of which may match) that carries it. */
export type FieldMappings = Readonly<Record<string, string | readonly string[]>>;

/**
 * A processing pipeline: how the Sigma rules' abstract log sources and field names meet a site's real
 * events. Pipelines are data files the operator can edit (content/detect/pipelines/).
 */
export interface ProcessingPipeline {
  readonly name: string;
  readonly description?: string;
  readonly logsources: readonly LogsourceMapping[];
  /** Applies to every rule under this pipeline, after the logsource's own mappings. */
  readonly fieldMappings: FieldMappings;
}

/**
 * A rule whose logsource carries every key of `logsource` (case-insensitive) runs on events that
 * satisfy `conditions` (each event field equals one of the listed values). Several mappings may
 * match one rule (Sysmon and Security both report process creation): the rule then runs on each,
 * with that mapping's field names.
 */
export interface LogsourceMapping {
  readonly logsource: Logsource;
  readonly conditions: Readonly<Record<string, string | number | readonly (string | number)[]>>;
  readonly fieldMappings?: FieldMappings;
}
