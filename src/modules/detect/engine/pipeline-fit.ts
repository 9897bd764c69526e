/**
 * How a pipeline meets a rule: which log-source mappings fit the rule's logsource, and how the rule's
 * field names become event field names under a mapping.
 */
import type { FieldMappings, Logsource, LogsourceMapping, ProcessingPipeline } from '../types.js';

const KEYS = ['product', 'category', 'service'] as const;

/** True when `rule` carries every key `required` names, with the same value (ignoring case). */
export function logsourceFits(rule: Logsource, required: Logsource): boolean {
  return KEYS.every((key) => {
    const wanted = required[key];
    if (wanted === undefined) return true;
    const actual = rule[key];
    return actual !== undefined && actual.toLowerCase() === wanted.toLowerCase();
  });
}

export type FieldResolver = (name: string) => readonly string[];

export const identityFields: FieldResolver = (name) => [name];

/**
 * The mapping's own field names apply first, then the pipeline's global ones to the result, so a
 * global rename reaches fields the mapping left alone as well as names the mapping produced.
 */
export function mappingResolver(pipeline: ProcessingPipeline, mapping: LogsourceMapping): FieldResolver {
  const cache = new Map<string, readonly string[]>();
  return (name) => {
    let fields = cache.get(name);
    if (!fields) {
      const local = lookup(mapping.fieldMappings, name);
      fields = [...new Set(local.flatMap((field) => lookup(pipeline.fieldMappings, field)))];
      cache.set(name, fields);
    }
    return fields;
  };
}

function lookup(mappings: FieldMappings | undefined, name: string): readonly string[] {
  if (!mappings || !Object.hasOwn(mappings, name)) return [name];
  const target = mappings[name];
  if (target === undefined) return [name];
  return typeof target === 'string' ? [target] : target.length > 0 ? target : [name];
}
