/** The sentinel engine: one watched share, from a file change to a stopped writer. */
export { createSentinel } from './sentinel.js';
export { SENTINEL_ENGINE_ERRORS } from './errors.js';
export type { Sentinel, SentinelEvents, SentinelState, ShareOptions } from './options.js';
