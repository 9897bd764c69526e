import type { CorrelationMatch, RuleMatch } from '../types.js';

/** A rule or correlation match, as routed to a partition and as handed on as an alert. */
export type StreamMatch =
  | { readonly kind: 'rule'; readonly match: RuleMatch }
  | { readonly kind: 'correlation'; readonly match: CorrelationMatch };

/**
 * What a worker hands the platform to store and notify: the `detect.alert.match` event's data. At
 * least once: after a crash a match may be handed on again, so the receiver deduplicates.
 */
export type StreamAlert = StreamMatch;

/** The bus event type alerts are published under. */
export const ALERT_MATCH_EVENT = 'detect.alert.match';
