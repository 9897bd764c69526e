import type { DetectEvent } from '../../types.js';
import type { CorrelationDefinition } from './types.js';

/** One match held in a group: what it contributes, when, and its evidence. */
export interface Entry {
  /** Event time, ms since the epoch. */
  readonly t: number;
  /** Index into the correlation's `rules`. */
  readonly ref: number;
  readonly value: string | number | null;
  readonly events: readonly DetectEvent[];
}

/**
 * How far along the ordered rule list the entries get. Entries with the same timestamp are treated
 * as simultaneous, so the result does not depend on which of them arrived first.
 */
function orderedProgress(entries: readonly Entry[], ruleCount: number): number {
  let next = 0;
  let i = 0;
  while (i < entries.length && next < ruleCount) {
    let end = i;
    while (end < entries.length && entries[end]!.t === entries[i]!.t) end++;
    const refs = new Set(entries.slice(i, end).map((e) => e.ref));
    while (next < ruleCount && refs.has(next)) next++;
    i = end;
  }
  return next;
}

/** Linear interpolation between the closest ranks; the median of [1, 2, 3, 4] is 2.5. */
export function percentileOf(values: readonly number[], percentile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = (percentile / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low]!;
  return a + (sorted[high]! - a) * (rank - low);
}

function numbers(entries: readonly Entry[]): number[] {
  return entries.map((e) => e.value).filter((v): v is number => typeof v === 'number');
}

/** The aggregate a correlation's condition is checked against, over the entries of one window. */
export function aggregate(def: CorrelationDefinition, entries: readonly Entry[]): number {
  switch (def.type) {
    case 'event_count':
      return entries.length;
    case 'value_count':
      return new Set(entries.map((e) => e.value)).size;
    case 'temporal':
      return new Set(entries.map((e) => e.ref)).size;
    case 'temporal_ordered':
      return orderedProgress(entries, def.rules.length);
    case 'value_sum':
      return numbers(entries).reduce((sum, v) => sum + v, 0);
    case 'value_avg': {
      const values = numbers(entries);
      return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
    }
    case 'value_percentile':
      return percentileOf(numbers(entries), def.condition.percentile ?? 50);
  }
}
