import type { EventSource, RuleMatch, RuleSummary } from '../types.js';

/** The platform's own rule for lost events: ingest had to drop some, and an analyst must know. */
export const INGEST_DROP_RULE: RuleSummary = {
  id: 'lifeline-ingest-dropped-events',
  title: 'Ingest dropped events',
  level: 'high',
  status: 'stable',
  tags: ['lifeline.health'],
  logsource: { product: 'lifeline', service: 'ingest' },
};

export function ingestDropMatch(source: EventSource, count: number, now: Date): RuleMatch {
  const at = now.toISOString();
  return {
    rule: INGEST_DROP_RULE,
    event: {
      fields: { source: source.name, source_kind: source.kind, dropped: count },
      source,
      receivedAt: at,
      time: at,
      raw: `${count} events from source ${source.name} were dropped`,
    },
  };
}
