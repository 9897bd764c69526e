import { observationOf, type CorrelationInput } from './observation.js';
import { groupOf, planCorrelations, valueOf, type CorrelationPlan } from './plan.js';
import type { ResolvedCorrelations } from './types.js';

/**
 * The correlation group keys a match counts towards. Route the match to the owner of each key and
 * give every worker's engine `ownsKey`, and each group is counted by exactly one worker. Fired
 * correlations are routed the same way when correlations are chained.
 */
export function partitionKey(
  match: CorrelationInput,
  correlations: ResolvedCorrelations | CorrelationPlan,
): string[] {
  const plan = planCorrelations(correlations);
  const observation = observationOf(match);
  const refs = plan.bySource.get(observation.sourceId) ?? [];
  const keys = new Set<string>();
  for (const p of refs) {
    const at = groupOf(p, observation.fields);
    if (at !== undefined && valueOf(p, observation.fields) !== undefined) keys.add(at.key);
  }
  return [...keys];
}

/** A stable 32-bit FNV-1a hash of a key, for spreading keys over `workers` owners. */
export function keyOwner(key: string, workers: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % workers;
}
