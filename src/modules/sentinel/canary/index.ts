export { CanaryManager, type CanaryProblem, type CanaryRecord } from './manager.js';
export { SENTINEL_CANARY_ERRORS } from './errors.js';
export type { Position as CanaryPosition } from './ordering.js';
