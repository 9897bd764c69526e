/** Offline hunting: stream a file of events through the rules, one match a line, memory flat. */
export { scanEvents, ScanRun, type ScanOptions } from './scan.js';
export type { MalformedRecord, ScanMatch, ScanSummary } from './summary.js';
export { readRecords, type ByteSource, type InputFormat } from './input.js';
export { DEFAULT_MAX_RECORD_BYTES, type InputRecord, type RecordLimits } from './records.js';
export { buildRuleSet, loadRuleSet, type DetectionRuleSet } from './rule-set.js';
export { DETECT_SCAN_ERRORS } from './errors.js';
