export { ActivityAnalyzer, type AnalyzerOptions, type WriterRef } from './analyzer.js';
export { Baseline } from './baseline.js';
export { SENTINEL_ANALYSIS_ERRORS } from './errors.js';
export type { Verdict } from './writer-state.js';
export { DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS, WEIGHTS } from './weights.js';
export { detectType, fingerprintFile, shannonEntropy } from '../fingerprint/index.js';
