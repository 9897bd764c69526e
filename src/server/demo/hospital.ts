import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROLES } from '../../kernel/config/schema.js';
import { LifelineError } from '../../kernel/errors.js';

// src/server/demo/ and dist/server/demo/ sit at the same depth, so one relative path serves both.
export const DEMO_HOSPITAL_FILE = fileURLToPath(
  new URL('../../../content/demo/hospital.yaml', import.meta.url),
);

const departmentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  code: z.string().min(1).max(16),
  name: z.string().min(1).max(100),
  beds: z.number().int().min(0).default(0),
  location: z.string().max(200).optional(),
});

const demoUserSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/),
  displayName: z.string().min(1).max(128),
  role: z.enum(ROLES),
});

export const demoHospitalSchema = z
  .strictObject({
    hospital: z.strictObject({
      name: z.string().min(1),
      site: z.string().min(1),
      emailDomain: z.string().regex(/\.example$/, 'must use the reserved .example domain'),
    }),
    departments: z.array(departmentSchema).min(1),
    users: z.array(demoUserSchema).min(1),
  })
  .refine((data) => new Set(data.departments.map((d) => d.id)).size === data.departments.length, {
    message: 'department ids must be unique',
    path: ['departments'],
  })
  .refine((data) => new Set(data.users.map((u) => u.username)).size === data.users.length, {
    message: 'user names must be unique',
    path: ['users'],
  })
  .refine((data) => data.users.some((u) => u.role === 'admin'), {
    message: 'the demo needs an administrator',
    path: ['users'],
  });

export type DemoHospital = z.infer<typeof demoHospitalSchema>;

/** Reads and validates the demo hospital description shipped in content/demo/. */
export function loadDemoHospital(file: string = DEMO_HOSPITAL_FILE): DemoHospital {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LifelineError(
      'CONFIG_INVALID',
      `demo data ${file} cannot be read`,
      { source: file },
      { cause: error },
    );
  }
  const result = demoHospitalSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new LifelineError(
      'CONFIG_INVALID',
      `demo data ${file} is invalid at ${where}: ${issue?.message ?? ''}`,
      {
        source: file,
        key: where,
      },
    );
  }
  return result.data;
}
