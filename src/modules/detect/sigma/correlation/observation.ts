import type { CorrelationMatch, DetectEvent, EventFields, RuleMatch } from '../../types.js';

/** What the engine needs from a rule match or from a correlation that fired and is fed back. */
export interface Observation {
  /** The id of the rule or correlation that matched. */
  readonly sourceId: string;
  /** Event time in ms since the epoch; NaN when neither timestamp parses. */
  readonly time: number;
  /** Where group-by and value fields are read from. */
  readonly fields: EventFields;
  /** Evidence carried on to any correlation built on this one. */
  readonly events: readonly DetectEvent[];
}

export type CorrelationInput = RuleMatch | CorrelationMatch;

export function isCorrelationMatch(input: CorrelationInput): input is CorrelationMatch {
  return 'type' in input && 'group' in input;
}

/** The event's own time when it has a usable one, else when Lifeline received it. */
export function eventTime(event: DetectEvent): number {
  const own = event.time === undefined ? NaN : Date.parse(event.time);
  return Number.isNaN(own) ? Date.parse(event.receivedAt) : own;
}

/**
 * A fired correlation takes part in further correlations with its group values laid over the fields
 * of the event that made it fire, so a downstream rule can group by either, at the time it fired.
 */
export function observationOf(input: CorrelationInput): Observation {
  if (!isCorrelationMatch(input)) {
    return {
      sourceId: input.rule.id,
      time: eventTime(input.event),
      fields: input.event.fields,
      events: [input.event],
    };
  }
  const last = input.events[input.events.length - 1];
  return {
    sourceId: input.rule.id,
    time: Date.parse(input.windowEnd),
    fields: { ...last?.fields, ...input.group },
    events: input.events,
  };
}
