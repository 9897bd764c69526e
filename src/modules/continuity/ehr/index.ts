/**
 * The EHR double: an in-memory FHIR R4 server with Bulk Data export and a SMART Backend Services token
 * endpoint, seeded from the corpora or a synthetic hospital, with an ADT feed that keeps its census moving.
 * Tests and the demo hospital both run on it.
 */
export { EHR_ERRORS, type EhrErrorCode } from './errors.js';
export { R4_RESOURCE_TYPES, FHIR_ID, isStorableType, type FhirResource } from './fhir-types.js';
export { EhrStore, type EhrStoreOptions, type PreparedWrite, type StoredVersion } from './store/store.js';
export { searchStore } from './store/search.js';
export { processBundle, type BundleOptions, type BundleResult } from './transaction/bundle-processor.js';
export { startEhrDouble, type EhrDouble, type EhrDoubleOptions } from './server/server.js';
export type { EhrFaults } from './server/context.js';
export type { RegisteredClient } from './server/jwt-verify.js';
export { seedFromCorpora, type CorpusName, type SeedReport } from './seed/corpora.js';
export {
  generateHospital,
  hospitalLayout,
  loadHospital,
  streamHospital,
  type HospitalOptions,
} from './generate/hospital.js';
export {
  MRN_SYSTEM,
  VISIT_SYSTEM,
  type BedSpot,
  type HospitalLayout,
  type UnitLayout,
} from './generate/facility.js';
export { createAdtFeed, AdtFeed, type AdtFeedOptions, type AdtKind, type AdtStep } from './adt/adt-feed.js';
export { readBeds, readStays, type Bed, type Stay } from './adt/census-reader.js';
