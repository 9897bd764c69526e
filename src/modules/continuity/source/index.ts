/** Lifeline's client for FHIR R4 sources: SMART Backend Services auth, Bulk Data export, paged search. */
export { SOURCE_ERRORS } from './errors.js';
export { SmartBackendAuth, type SmartBackendAuthOptions } from './smart-auth.js';
export {
  createClientAssertion,
  loadPrivateKey,
  type AssertionAlgorithm,
  type AssertionInput,
} from './client-assertion.js';
export { bulkExport, BulkExportRun, type BulkExportOptions, type ExportLevel } from './bulk-export.js';
export { parseManifest, type BulkManifest, type ManifestFile } from './bulk-manifest.js';
export { searchAll, type SearchAllOptions } from './search-all.js';
export { postBundle, type PostBundleOptions } from './transaction.js';
export { readLines, DEFAULT_MAX_LINE_LENGTH } from './ndjson-lines.js';
export {
  DEFAULT_RETRY,
  retryAfterMs,
  type AccessTokenSource,
  type HttpOptions,
  type RetryPolicy,
} from './http.js';
