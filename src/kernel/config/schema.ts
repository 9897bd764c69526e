import { z } from 'zod';

export const ROLES = [
  'admin',
  'security-analyst',
  'incident-commander',
  'clinician',
  'trainer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8080),
  publicUrl: z.url().optional(),
  tls: z
    .strictObject({
      certFile: z.string().min(1),
      keyFile: z.string().min(1),
    })
    .optional(),
  trustProxy: z.boolean().default(false),
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
  rateLimit: z
    .strictObject({
      max: z.number().int().positive().default(600),
      windowSeconds: z.number().int().positive().default(60),
      loginMax: z.number().int().positive().default(20),
    })
    .prefault({}),
  shutdownGraceSeconds: z.number().int().min(0).default(10),
  consoleDir: z.string().optional(),
});

export const databaseConfigSchema = z.strictObject({
  url: z
    .string()
    .min(1)
    .default('sqlite:./data/lifeline.db')
    .refine((url) => /^(sqlite:|postgres(ql)?:\/\/)/.test(url), {
      message: 'must start with sqlite: or postgres://',
    }),
});

export const busConfigSchema = z.strictObject({
  natsUrl: z.string().min(1).optional(),
  stream: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('LIFELINE'),
  subjectPrefix: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('lifeline'),
});

export const oidcConfigSchema = z.strictObject({
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.url(),
  scopes: z.array(z.string()).default(['openid', 'profile', 'email']),
  roleClaim: z.string().default('roles'),
  roleMap: z.record(z.string(), z.enum(ROLES)).default({}),
  defaultRole: z.enum(ROLES).optional(),
  label: z.string().default('Single sign-on'),
});

export const authConfigSchema = z.strictObject({
  sessionIdleMinutes: z.number().int().positive().default(30),
  sessionMaxHours: z.number().int().positive().default(12),
  lockoutThreshold: z.number().int().positive().default(5),
  lockoutMinutes: z.number().int().positive().default(15),
  passwordMinLength: z.number().int().min(8).default(12),
  oidc: oidcConfigSchema.optional(),
});

export const logConfigSchema = z.strictObject({
  level: logLevel.default('info'),
  pretty: z.boolean().optional(),
});

export const demoConfigSchema = z.strictObject({
  seed: z.boolean().default(true),
});

export const platformConfigSchema = z.strictObject({
  server: serverConfigSchema.prefault({}),
  database: databaseConfigSchema.prefault({}),
  bus: busConfigSchema.prefault({}),
  auth: authConfigSchema.prefault({}),
  log: logConfigSchema.prefault({}),
  demo: demoConfigSchema.prefault({}),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
export type BusConfig = z.infer<typeof busConfigSchema>;
export type AuthConfig = z.infer<typeof authConfigSchema>;
export type OidcConfig = z.infer<typeof oidcConfigSchema>;
export type LogConfig = z.infer<typeof logConfigSchema>;
