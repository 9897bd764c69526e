import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LifelineError } from '../../../kernel/errors.js';
import './errors.js';
import { SIGMA_LEVELS } from './types.js';

/**
 * Where a secret lives: a file (first line) or an environment variable, by name. The secret itself
 * never appears in the configuration file, the database or a log line.
 */
export const secretRefSchema = z
  .strictObject({
    file: z.string().min(1).optional(),
    env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
  })
  .refine((ref) => (ref.file === undefined) !== (ref.env === undefined), {
    message: 'give exactly one of file or env',
  });
export type SecretRef = z.infer<typeof secretRefSchema>;

const notifierName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _');
const level = z.enum(SIGMA_LEVELS);
const hostName = z.string().min(1).max(253);
const common = { name: notifierName, minLevel: level.default('high'), enabled: z.boolean().default(true) };

export const webhookConfigSchema = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** Key of the HMAC-SHA256 signature over the body. */
  secret: secretRefSchema,
  timeoutMs: z.number().int().min(100).max(120_000).default(5000),
});

export const emailConfigSchema = z.strictObject({
  ...common,
  type: z.literal('email'),
  host: hostName,
  port: z.number().int().min(1).max(65535).default(25),
  /** `starttls` refuses a server that does not offer it; `none` is for a relay on a trusted segment. */
  tls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
  /** PEM file of the certificate authority that signed the relay's certificate (a private CA). */
  caFile: z.string().min(1).optional(),
  auth: z.strictObject({ user: z.string().min(1), password: secretRefSchema }).optional(),
  from: z.email(),
  to: z.array(z.email()).min(1).max(50),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});

export const SYSLOG_FACILITIES = {
  kern: 0,
  user: 1,
  daemon: 3,
  auth: 4,
  syslog: 5,
  authpriv: 10,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;

export const syslogConfigSchema = z.strictObject({
  ...common,
  type: z.literal('syslog'),
  host: hostName,
  port: z.number().int().min(1).max(65535).default(514),
  transport: z.enum(['udp', 'tcp']).default('udp'),
  facility: z.enum(Object.keys(SYSLOG_FACILITIES) as [keyof typeof SYSLOG_FACILITIES]).default('local0'),
  appName: z
    .string()
    .regex(/^[\x21-\x7e]{1,48}$/)
    .default('lifeline'),
  /** Private Enterprise Number of the structured-data id (`lifeline@<n>`); 32473 is the documentation number. */
  enterpriseId: z.number().int().min(1).default(32473),
  timeoutMs: z.number().int().min(100).max(120_000).default(5000),
});

export const notifierConfigSchema = z.discriminatedUnion('type', [
  webhookConfigSchema,
  emailConfigSchema,
  syslogConfigSchema,
]);

/** A dedup field: one name, or alternatives of which the first present counts (`Computer` or `host.name`). */
const dedupField = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Where events name their host, user and program, in Windows, Sysmon, ECS and syslog spellings. */
export const HOST_FIELDS = ['Computer', 'ComputerName', 'Hostname', 'hostname', 'host.name', 'host'] as const;
export const USER_FIELDS = [
  'User',
  'SubjectUserName',
  'TargetUserName',
  'user.name',
  'UserName',
  'user',
] as const;
export const IMAGE_FIELDS = ['Image', 'NewProcessName', 'process.executable', 'ProcessName'] as const;

export const DEFAULT_DEDUP_FIELDS: readonly (string | readonly string[])[] = [
  HOST_FIELDS,
  USER_FIELDS,
  IMAGE_FIELDS,
];

/** The `detect.alerts` slice of the platform configuration. */
export const alertsConfigSchema = z.strictObject({
  dedup: z
    .strictObject({
      windowMinutes: z.number().int().min(0).max(10_080).default(15),
      fields: z
        .array(dedupField)
        .default(() => DEFAULT_DEDUP_FIELDS.map((f) => (typeof f === 'string' ? f : [...f]))),
      /** Rule id → its own dedup fields. */
      fieldsByRule: z.record(z.string().min(1), z.array(dedupField)).default({}),
    })
    .prefault({}),
  /** Base of links in notifications; defaults to `server.publicUrl`. */
  consoleUrl: z.url({ protocol: /^https?$/ }).optional(),
  notifiers: z
    .array(notifierConfigSchema)
    .default([])
    .refine((list) => new Set(list.map((n) => n.name)).size === list.length, 'notifier names must differ'),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(20).default(5),
      initialDelayMs: z.number().int().min(1).max(600_000).default(2000),
      maxDelayMs: z.number().int().min(1).max(3_600_000).default(300_000),
    })
    .prefault({}),
  /** Deliveries waiting or retrying; beyond this new ones are dropped (and counted). */
  maxPendingNotifications: z.number().int().min(1).max(100_000).default(1000),
});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type SyslogConfig = z.infer<typeof syslogConfigSchema>;

/** Reads a secret; the error names the configuration key, never the value. */
export function readSecret(ref: SecretRef, key: string, env: NodeJS.ProcessEnv = process.env): string {
  let value: string | undefined;
  if (ref.file !== undefined) {
    try {
      value = readFileSync(ref.file, 'utf8').split(/\r?\n/)[0];
    } catch {
      throw new LifelineError('DETECT_NOTIFIER_SECRET', `the secret file of ${key} cannot be read`, { key });
    }
  } else if (ref.env !== undefined) {
    value = env[ref.env];
  }
  if (!value) {
    throw new LifelineError('DETECT_NOTIFIER_SECRET', `the secret of ${key} is empty or not set`, { key });
  }
  return value;
}
