import type {
  CorrelationMatch,
  DetectEvent,
  EventFields,
  EventSource,
  RuleMatch,
  RuleSummary,
} from '../types.js';
import type { AlertsConfig } from './config.js';
import { type DedupField, dedupKey } from './dedup.js';
import type { AlertCorrelation, AlertEvidence } from './types.js';

/** What an alert keeps of a match. */
export interface MatchFacts {
  rule: RuleSummary;
  evidence: AlertEvidence;
  source: EventSource;
  correlation: AlertCorrelation | null;
  dedupKey: string;
}

export function isCorrelation(match: RuleMatch | CorrelationMatch): match is CorrelationMatch {
  return 'events' in match;
}

const CORRELATION_SOURCE: EventSource = { kind: 'stream', name: 'correlation' };

function evidenceOf(event: DetectEvent): AlertEvidence {
  return {
    fields: event.fields,
    raw: event.raw,
    receivedAt: event.receivedAt,
    ...(event.time === undefined ? {} : { time: event.time }),
  };
}

/** The configured dedup fields of a rule. */
export function dedupFieldsFor(ruleId: string, dedup: AlertsConfig['dedup']): readonly DedupField[] {
  return dedup.fieldsByRule[ruleId] ?? dedup.fields;
}

/**
 * A correlation's evidence is the event that made it fire (the last of its group). Its default dedup
 * key is the group it fired for: one alert per group, not per event.
 */
export function describeMatch(match: RuleMatch | CorrelationMatch, dedup: AlertsConfig['dedup']): MatchFacts {
  if (!isCorrelation(match)) {
    const { event, rule } = match;
    return {
      rule,
      evidence: evidenceOf(event),
      source: event.source,
      correlation: null,
      dedupKey: dedupKey(event.fields, dedupFieldsFor(rule.id, dedup), event.source.name),
    };
  }
  const last = match.events.at(-1);
  const group = { ...match.group };
  const evidence: AlertEvidence = last
    ? evidenceOf(last)
    : { fields: group, raw: '', receivedAt: match.windowEnd };
  const source = last?.source ?? CORRELATION_SOURCE;
  const values: EventFields = { ...evidence.fields, ...group };
  const wanted = dedup.fieldsByRule[match.rule.id] ?? Object.keys(group).sort();
  return {
    rule: match.rule,
    evidence,
    source,
    correlation: { type: match.type, group, value: match.value },
    dedupKey: dedupKey(values, wanted, source.name),
  };
}
