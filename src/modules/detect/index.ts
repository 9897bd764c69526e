/** The detection module: log ingest, the Sigma engine and alerts. Other code imports only this file. */
export * from './types.js';
export { detectConfigSchema, type DetectConfig } from './config.js';
export * from './engine/index.js';
export * from './sigma/correlation/index.js';
export * from './pipeline/index.js';
export * from './normalise/index.js';
export * from './ingest/index.js';
export * from './scan/index.js';
export * from './stream/index.js';
export { alertMigrations } from './alerts/migrations.js';
export { DETECT_ALERT_ERRORS } from './alerts/errors.js';
export { AlertService, DETECT_ACTOR, type AlertServiceDeps, type RaiseResult } from './alerts/service.js';
export { DETECT_ALERT_EVENTS } from './alerts/types.js';
export type {
  Alert,
  AlertDetail,
  AlertEvidence,
  AlertFilter,
  AlertHistoryEntry,
  AlertStatus,
  Exclusion,
  AlertRaisedEventData,
  FiltersChangedEventData,
} from './alerts/types.js';
export {
  alertsConfigSchema,
  DEFAULT_DEDUP_FIELDS,
  type AlertsConfig,
  type NotifierConfig,
} from './alerts/config.js';
export { DETECT_PERMISSIONS } from './platform/permissions.js';
export { detectRoutes, type DetectRoutesDeps } from './platform/routes.js';
export type { RuleCatalog, RuleDetail, RuleListItem, RuleListFilter, RuleKind } from './platform/catalog.js';
export { MemoryRuleCatalog, type CatalogEntry } from './platform/memory-catalog.js';
export {
  detectMigrations,
  detectPlatform,
  type DetectPlatform,
  type DetectPlatformDeps,
} from './runtime/mount.js';
export { DetectionService, rulePaths } from './runtime/service.js';
export { combinePipelines, loadPipelines } from './runtime/pipelines.js';
export { INGEST_DROP_RULE } from './runtime/health.js';
