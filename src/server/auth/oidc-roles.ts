import type { OidcConfig, Role } from '../../kernel/config/schema.js';
import { ROLES } from '../../kernel/config/schema.js';
import type { SsoIdentity } from './oidc.js';

/**
 * Roles from least to most privileged. When a person's claim values map to several roles, the least
 * privileged one wins. In a hospital, group memberships pile up (every clinician is also in some
 * broad staff group) and a mapping mistake on a broad group must not quietly hand out admin rights:
 * ambiguity resolves downwards, and an operator who wants someone to be an admin through single
 * sign-on gives them a group that maps to admin alone. Refusing or under-privileging is recoverable;
 * an over-privileged session during an attack is not.
 */
export const ROLES_BY_PRIVILEGE: readonly Role[] = [
  'clinician',
  'trainer',
  'auditor',
  'incident-commander',
  'security-analyst',
  'admin',
];

const roleSet: ReadonlySet<string> = new Set(ROLES);

/**
 * The role a signed-in identity gets, or null when the identity must be refused: no claim value is
 * mapped and no default role is configured.
 */
export function roleForIdentity(
  identity: SsoIdentity,
  config: Pick<OidcConfig, 'roleMap' | 'defaultRole'>,
): Role | null {
  const mapped = new Set<Role>();
  for (const group of identity.groups) {
    // Own properties only: a claim value such as "constructor" must not reach Object.prototype.
    if (!Object.hasOwn(config.roleMap, group)) continue;
    const role = config.roleMap[group];
    if (role !== undefined && roleSet.has(role)) mapped.add(role);
  }
  for (const role of ROLES_BY_PRIVILEGE) {
    if (mapped.has(role)) return role;
  }
  return config.defaultRole ?? null;
}
