import { z } from 'zod';

const absolutePath = z.string().regex(/^\//, 'an absolute path');

/** One share to guard: where it is, what to do about an encrypting writer, and who may write freely. */
const shareSchema = z
  .strictObject({
    path: absolutePath,
    /** Run in this order when a writer is judged to be encrypting; suspending keeps its evidence. */
    actions: z
      .array(z.enum(['suspend', 'kill', 'read-only', 'script', 'webhook']))
      .min(1)
      .default(['suspend']),
    /** An operator script; it receives the detection as JSON on standard input. */
    script: absolutePath.optional(),
    webhook: z
      .strictObject({
        url: z.url(),
        /** File holding the HMAC-SHA256 key for the signature header; kept out of the config file. */
        secretFile: absolutePath.optional(),
      })
      .optional(),
    allow: z
      .strictObject({
        /** Path prefixes whose changes never count (a scratch folder, a build output). */
        paths: z.array(absolutePath).default([]),
        /** Exact executable paths whose writes never count (the backup agent, an office suite's saver). */
        executables: z.array(absolutePath).default([]),
      })
      .optional(),
    /** Score at which a writer is judged encrypting; the analysis default (10) unless given. */
    threshold: z.number().positive().max(1000).optional(),
  })
  .refine((share) => !share.actions.includes('script') || share.script !== undefined, {
    message: 'the script action needs `script`',
    path: ['script'],
  })
  .refine((share) => !share.actions.includes('webhook') || share.webhook !== undefined, {
    message: 'the webhook action needs `webhook.url`',
    path: ['webhook'],
  });

/** The `sentinel` slice of lifeline.yaml. */
export const sentinelConfigSchema = z.strictObject({
  shares: z
    .array(shareSchema)
    .default([])
    .refine((shares) => new Set(shares.map((s) => s.path)).size === shares.length, 'a share is listed twice'),
  /** `auto` uses fanotify when the kernel and privileges allow it, else inotify (reports after the write). */
  mode: z.enum(['auto', 'fanotify', 'inotify']).default('auto'),
  canaries: z
    .strictObject({
      /** When canaries get new contents and are checked; weekly, Sunday 03:17, by default. */
      renew: z.string().min(9).default('17 3 * * 0'),
      /** When canaries are checked for being missing or changed without a detection. */
      verify: z.string().min(9).default('*/15 * * * *'),
    })
    .prefault({}),
});

export type SentinelConfig = z.infer<typeof sentinelConfigSchema>;
export type SentinelShareConfig = z.infer<typeof shareSchema>;
