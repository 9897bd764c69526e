/** The ransomware sentinel: watches file shares, stops an encrypting writer, and reports it. */
export * from './types.js';
export { sentinelConfigSchema, type SentinelConfig, type SentinelShareConfig } from './config.js';
export { SENTINEL_ERRORS } from './errors.js';
// Every sub-room's codes, so the server knows them all (status, docs) before a share is watched.
export { SENTINEL_ANALYSIS_ERRORS } from './analysis/errors.js';
export { SENTINEL_CANARY_ERRORS } from './canary/errors.js';
export { SENTINEL_ENGINE_ERRORS } from './engine/errors.js';
export { SENTINEL_RESPOND_ERRORS } from './respond/errors.js';
export { SIMULATION_ERRORS } from './simulate/errors.js';
export { SENTINEL_WATCH_ERRORS } from './watch/errors.js';
export { sentinelMigrations } from './platform/migrations.js';
export { SENTINEL_PERMISSIONS } from './platform/permissions.js';
export { sentinelPlatform, type SentinelPlatform, type SentinelPlatformDeps } from './platform/mount.js';
export { SentinelService, type Who as SentinelWho } from './platform/service.js';
export { DEMO_SHARE_DIRECTORY, demoSharePresent, sentinelDemo, type SentinelDemo } from './platform/demo.js';
export {
  engineFactory,
  shareOptions,
  type SentinelFactory,
  type SentinelResponders,
} from './platform/engine-link.js';
export type { DetectionRecord, DetectionStatus, DetectionSummary } from './platform/detection-store.js';
export type { ShareStatus } from './platform/share-store.js';
export type { ShareLease } from './platform/lease-store.js';
export { maskSecrets } from './platform/mask.js';
export {
  CANARY_RENEW_REQUESTED_EVENT,
  COVERAGE_RULE,
  WRITER_RELEASED_EVENT,
  WRITER_STOPPED_EVENT,
  WRITER_STOPPED_RULE,
  type WriterStoppedData,
} from './platform/reports.js';
export {
  MARKER_FILE as SIMULATION_MARKER_FILE,
  VARIANTS as SIMULATION_VARIANTS,
  prepareTarget,
  restoreTarget,
  runSimulation,
  type Variant as SimulationVariant,
} from './simulate/index.js';
