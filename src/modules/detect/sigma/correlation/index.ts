export { parseCorrelation, CORRELATION_TYPES, type ParseCorrelationResult } from './parse.js';
export { resolveCorrelations } from './resolve.js';
export { parseTimespan } from './timespan.js';
export { conditionHolds } from './condition.js';
export { percentileOf } from './aggregate.js';
export { CorrelationEngine, type CorrelationEngineOptions, type CorrelationStats } from './engine.js';
export { partitionKey, keyOwner } from './partition.js';
export {
  planCorrelations,
  groupKey,
  type CorrelationPlan,
  type PlannedCorrelation,
  type PlannedReference,
} from './plan.js';
export { eventTime, isCorrelationMatch, type CorrelationInput } from './observation.js';
export type { CorrelationSnapshot, SnapshotEntry, SnapshotGroup } from './snapshot.js';
export { DETECT_CORRELATION_ERRORS } from './errors.js';
export type {
  CorrelationCondition,
  CorrelationDefinition,
  ReferenceKind,
  ResolvedCorrelation,
  ResolvedCorrelations,
  ResolvedReference,
  Thresholds,
} from './types.js';
