/** The Sigma engine: load rule files, compile them, and match events against them. */
export { compileRules } from './compile-rules.js';
export { loadRules } from './load-rules.js';
export { validateRules } from './validate-rules.js';
export { DETECT_ENGINE_ERRORS } from './errors.js';
export { exclusionTest, type ExclusionTest } from './exclusions.js';
export type {
  CompileOptions,
  CorrelationDocument,
  EventMatcher,
  LoadedRules,
  LoadRulesOptions,
  RuleExclusion,
  RuleSource,
  ValidationReport,
} from './types.js';
