import { ROLES, type Role } from '../kernel/config/schema.js';
import { LifelineError } from '../kernel/errors.js';
import type { User } from '../server/auth/types.js';
import type { Services } from '../server/services.js';

export function parseRole(value: string): Role {
  const role = ROLES.find((candidate) => candidate === value.trim().toLowerCase());
  if (!role)
    throw new LifelineError('CLI_USAGE', `unknown role "${value}"; valid roles: ${ROLES.join(', ')}`);
  return role;
}

export function parsePositiveInt(value: string, option: string, max: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1 || number > max) {
    throw new LifelineError('CLI_USAGE', `${option} must be a whole number from 1 to ${max}, not "${value}"`);
  }
  return number;
}

export async function findUser(services: Services, username: string): Promise<User> {
  const row = await services.auth.users.byUsername(username);
  if (!row) throw new LifelineError('USER_NOT_FOUND', `no user named "${username}"`, { field: 'username' });
  return services.auth.users.toUser(row);
}

/** Stands for whoever holds the database credentials: the CLI acts with an administrator's rights. */
export function operator(actor: string): User {
  return {
    id: actor,
    username: actor,
    displayName: actor,
    email: null,
    role: 'admin',
    mfaEnabled: false,
    passwordChangeRequired: false,
    disabled: false,
    locked: false,
    locale: 'en',
    createdAt: new Date(0).toISOString(),
    lastLoginAt: null,
    source: 'local',
  };
}

export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new LifelineError('CLI_USAGE', `--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}
