import { z } from 'zod';
import { alertsConfigSchema } from './alerts/config.js';
import { ingestConfigSchema } from './ingest/config.js';

const pathList = z.array(z.string().min(1)).default([]);

/** The `detect` slice of lifeline.yaml. */
export const detectConfigSchema = z.strictObject({
  /** Off: no rules are loaded and no listener starts; the API still answers with empty lists. */
  enabled: z.boolean().default(true),
  /** Lifeline's own rules (content/detect/rules): the steps right before encryption. */
  builtinRules: z.boolean().default(true),
  /** More rule files or directories, e.g. a checkout of the SigmaHQ rule set. */
  rules: pathList,
  /**
   * Processing pipelines by name (content/detect/pipelines/<name>.yml) or path. Their log-source
   * mappings are combined, so one deployment can receive Windows, Linux and web logs at once.
   */
  pipelines: z.array(z.string().min(1)).min(1).default(['windows', 'linux', 'web']),
  /** Values of `%name%` placeholders used by rules with the `expand` modifier. */
  placeholders: z.record(z.string().min(1), z.array(z.string())).default({}),
  /**
   * Memory bounds of correlation state: open groups (least recently updated evicted first) and the
   * matches kept per group. A threshold above maxEntriesPerGroup can never be reached.
   */
  correlation: z
    .strictObject({
      maxGroups: z.number().int().min(100).max(1_000_000).default(10_000),
      maxEntriesPerGroup: z.number().int().min(10).max(100_000).default(200),
      maxEvidence: z.number().int().min(1).max(100).default(20),
    })
    .prefault({}),
  ingest: ingestConfigSchema.prefault({}),
  alerts: alertsConfigSchema.prefault({}),
  /**
   * With NATS configured (bus.natsUrl), ingest publishes events to a JetStream stream and
   * `lifeline worker detect` processes consume them; the serving process then evaluates nothing.
   */
  stream: z
    .strictObject({
      enabled: z.boolean().default(false),
      partitions: z.number().int().min(1).max(256).default(8),
      /** JetStream stream and subject prefix; workers must be started with the same. */
      name: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .default('LIFELINE_DETECT'),
      prefix: z
        .string()
        .regex(/^[a-z0-9_-]+$/)
        .default('lifeline-detect'),
    })
    .prefault({}),
});

export type DetectConfig = z.infer<typeof detectConfigSchema>;
