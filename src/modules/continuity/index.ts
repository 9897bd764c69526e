/** The clinical continuity module: downtime kits, the offline viewer, the census and reconciliation. */
export * from './types.js';
export { continuityConfigSchema, type ContinuityConfig, type FhirSourceConfig } from './config.js';
export { CONTINUITY_ERRORS } from './errors.js';
export { continuityMigrations } from './store/migrations.js';
export { CONTINUITY_PERMISSIONS } from './platform/permissions.js';
export {
  continuityPlatform,
  DOWNTIME_REQUESTED_EVENT,
  type ContinuityPlatform,
  type ContinuityPlatformDeps,
} from './platform/mount.js';
export { ContinuityService, DOWNTIME_CHANGED_EVENT, type ImportOutcome } from './service.js';
export { DEVICE_STALE_RULE } from './devices/device-service.js';
export * from './fhir/index.js';
export * from './hl7/index.js';
export * from './kit/index.js';
export * from './source/index.js';
export { syncDevice, type DeviceSyncOptions, type DeviceSyncResult } from './devices/device-sync.js';
export * from './reconcile/index.js';
export { CONTINUITY_VIEWER_ERRORS } from './viewer/errors.js';
