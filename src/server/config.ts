import type { z } from 'zod';
import { platformConfigSchema } from '../kernel/config/schema.js';
import { continuityConfigSchema } from '../modules/continuity/index.js';
import { detectConfigSchema } from '../modules/detect/index.js';
import { sentinelConfigSchema } from '../modules/sentinel/index.js';

/**
 * The whole of lifeline.yaml: the kernel's platform settings plus each module's own slice. The
 * kernel knows no module, so the slices are joined here, where the modules are mounted.
 */
export const lifelineConfigSchema = platformConfigSchema.extend({
  detect: detectConfigSchema.prefault({}),
  continuity: continuityConfigSchema.prefault({}),
  sentinel: sentinelConfigSchema.prefault({}),
});

export type LifelineConfig = z.infer<typeof lifelineConfigSchema>;
