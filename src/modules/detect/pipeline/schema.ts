import { z } from 'zod';

import type { ProcessingPipeline } from '../types.js';

/** Names used in Sigma logsources: lower-case words joined by `_`, `-` or `.` (e.g. `gcp.audit`). */
const logsourceValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a Sigma logsource name such as process_creation');

const logsource = z
  .strictObject({
    product: logsourceValue.optional(),
    category: logsourceValue.optional(),
    service: logsourceValue.optional(),
  })
  .refine((value) => Object.values(value).some((part) => part !== undefined), {
    message: 'names none of product, category or service, so it would fit every rule',
  });

const fieldName = z.string().min(1, 'must not be empty').max(200);

const fieldMappings = z.record(
  fieldName,
  z.union([fieldName, z.array(fieldName).min(1, 'must list at least one event field')]),
);

const conditionValue = z.union([z.string(), z.number().finite()]);

const conditions = z.record(
  fieldName,
  z.union([conditionValue, z.array(conditionValue).min(1, 'must list at least one value')]),
);

const mapping = z.strictObject({
  logsource,
  conditions: conditions.default({}),
  fieldMappings: fieldMappings.optional(),
});

export const pipelineSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, `-` or `_`')
    .max(100),
  description: z.string().max(2000).optional(),
  fieldMappings: fieldMappings.default({}),
  logsources: z.array(mapping).min(1, 'must list at least one logsource mapping'),
});

export type PipelineDocument = z.infer<typeof pipelineSchema>;

/** Drops absent optional keys so the result satisfies exactOptionalPropertyTypes. */
export function toProcessingPipeline(doc: PipelineDocument): ProcessingPipeline {
  return {
    name: doc.name,
    ...(doc.description === undefined ? {} : { description: doc.description }),
    fieldMappings: doc.fieldMappings,
    logsources: doc.logsources.map((entry) => ({
      logsource: {
        ...(entry.logsource.product === undefined ? {} : { product: entry.logsource.product }),
        ...(entry.logsource.category === undefined ? {} : { category: entry.logsource.category }),
        ...(entry.logsource.service === undefined ? {} : { service: entry.logsource.service }),
      },
      conditions: entry.conditions,
      ...(entry.fieldMappings === undefined ? {} : { fieldMappings: entry.fieldMappings }),
    })),
  };
}
