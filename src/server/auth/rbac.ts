import { ROLES, type Role } from '../../kernel/config/schema.js';

export type { Role } from '../../kernel/config/schema.js';
export { ROLES } from '../../kernel/config/schema.js';

/**
 * Every permission a route can demand, and which roles hold it. Modules add theirs through
 * `grantPermissions` when they are mounted; docs/security.md prints this matrix and a test keeps the
 * two equal.
 */
const matrix = new Map<string, Set<Role>>();

export function grantPermissions(grants: Record<string, readonly Role[]>): void {
  for (const [permission, roles] of Object.entries(grants)) {
    const holders = matrix.get(permission) ?? new Set<Role>();
    for (const role of roles) holders.add(role);
    matrix.set(permission, holders);
  }
}

grantPermissions({
  'users.read': ['admin', 'auditor'],
  'users.manage': ['admin'],
  'audit.read': ['admin', 'auditor', 'security-analyst', 'incident-commander'],
  'tokens.manage': ['admin', 'security-analyst'],
  'settings.manage': ['admin'],
});

export function roleHas(role: Role, permission: string): boolean {
  return matrix.get(permission)?.has(role) ?? false;
}

export function permissionsOf(role: Role): string[] {
  return [...matrix.entries()]
    .filter(([, roles]) => roles.has(role))
    .map(([permission]) => permission)
    .sort();
}

export function permissionMatrix(): { permission: string; roles: Role[] }[] {
  return [...matrix.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([permission, roles]) => ({ permission, roles: ROLES.filter((role) => roles.has(role)) }));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
