import { loadPipeline } from '../pipeline/index.js';
import type { FieldMappings, ProcessingPipeline } from '../types.js';

/**
 * One pipeline out of several: a site receives Windows, Linux and web logs at once, and each rule
 * must find the mappings of its own log source whichever file they came from.
 */
export function combinePipelines(pipelines: readonly ProcessingPipeline[]): ProcessingPipeline {
  if (pipelines.length === 1 && pipelines[0]) return pipelines[0];
  const fieldMappings: Record<string, string[]> = {};
  for (const pipeline of pipelines) {
    for (const [field, target] of Object.entries(pipeline.fieldMappings)) {
      const known = (fieldMappings[field] ??= []);
      for (const name of typeof target === 'string' ? [target] : target)
        if (!known.includes(name)) known.push(name);
    }
  }
  return {
    name: pipelines.map((p) => p.name).join('+'),
    logsources: pipelines.flatMap((p) => p.logsources),
    fieldMappings: Object.fromEntries(
      Object.entries(fieldMappings).map(([field, names]) => [field, names.length === 1 ? names[0] : names]),
    ) as FieldMappings,
  };
}

export async function loadPipelines(namesOrPaths: readonly string[]): Promise<ProcessingPipeline> {
  return combinePipelines(await Promise.all(namesOrPaths.map((name) => loadPipeline(name))));
}
