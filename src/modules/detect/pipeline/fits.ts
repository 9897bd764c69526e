import type { FieldMappings, Logsource, LogsourceMapping, ProcessingPipeline } from '../types.js';

const LOGSOURCE_KEYS = ['product', 'category', 'service'] as const;

/**
 * Whether a rule's logsource fits a mapping's: every key the mapping names must be present in the
 * rule with the same value, ignoring case. Keys the mapping leaves out do not matter, so a mapping
 * for `product: windows, service: security` takes rules that say exactly that and nothing narrower.
 */
export function pipelineLogsourceFits(rule: Logsource, mapping: Logsource): boolean {
  for (const key of LOGSOURCE_KEYS) {
    const wanted = mapping[key];
    if (wanted === undefined) continue;
    const actual = rule[key];
    if (actual === undefined || actual.toLowerCase() !== wanted.toLowerCase()) return false;
  }
  return true;
}

/** Every mapping of the pipeline that a rule's logsource fits, in file order. */
export function mappingsForRule(pipeline: ProcessingPipeline, rule: Logsource): LogsourceMapping[] {
  return pipeline.logsources.filter((entry) => pipelineLogsourceFits(rule, entry.logsource));
}

/**
 * The event fields that carry a rule's field under one mapping: the mapping's own field mappings
 * first, then the pipeline-wide ones applied to each name that gives (once, not repeatedly), so a
 * pipeline-wide rename reaches names the mapping left alone as well as names it produced.
 */
export function eventFieldsFor(
  pipeline: ProcessingPipeline,
  mapping: LogsourceMapping,
  ruleField: string,
): readonly string[] {
  const local = lookup(mapping.fieldMappings, ruleField);
  return [...new Set(local.flatMap((name) => lookup(pipeline.fieldMappings, name)))];
}

function lookup(mappings: FieldMappings | undefined, field: string): readonly string[] {
  const target = mappings !== undefined && Object.hasOwn(mappings, field) ? mappings[field] : undefined;
  if (target === undefined) return [field];
  return typeof target === 'string' ? [target] : target;
}
