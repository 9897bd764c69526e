/** Reconciling downtime documentation back into the EHR. */
export { RECONCILE_ERRORS } from './errors.js';
export { reconcileMigrations } from './migrations.js';
export { reconcileRoutes, type ReconcileRouteDeps } from './routes.js';
export { ReconcileService, type ReconcileDeps, type ImportResult, type PostResult } from './service.js';
export { POST_SCOPE, type PostTarget } from './post/target.js';
export type { TrustedDocumentationKey } from './verify.js';
export type {
  Conflict,
  ItemKind,
  ItemStatus,
  ItemView,
  PatientCandidate,
  PatientMatch,
  PatientView,
  ReconcileImport,
} from './types.js';
