import { R4_RESOURCE_TYPES } from '../fhir-types.js';

/**
 * SMART system scopes: v1 `system/Observation.read|write|*` and v2 `system/Observation.rs` (letters of
 * c r u d s, in that order), for one type or `*`. Other scopes (patient/, user/, launch, query-limited
 * v2 scopes) are not granted to a backend service by this server.
 */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ScopeGrant {
  type: string;
  permissions: ReadonlySet<Permission>;
}

const SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

export function parseScope(scope: string): ScopeGrant | null {
  const match = SCOPE.exec(scope);
  if (!match) return null;
  const [, type = '', access = ''] = match;
  if (access === '' || (type !== '*' && !R4_RESOURCE_TYPES.has(type))) return null;
  const letters: Permission[] =
    access === 'read'
      ? ['r', 's']
      : access === 'write'
        ? ['c', 'u', 'd']
        : access === '*'
          ? ['c', 'r', 'u', 'd', 's']
          : ([...access] as Permission[]);
  return { type, permissions: new Set(letters) };
}

function covers(outer: ScopeGrant, inner: ScopeGrant): boolean {
  if (outer.type !== '*' && outer.type !== inner.type) return false;
  return [...inner.permissions].every((permission) => outer.permissions.has(permission));
}

/** The requested scopes the client's registration allows, as the space-separated grant. */
export function grantScopes(requested: string, allowed: readonly string[] | undefined): string[] {
  const limits = (allowed ?? ['system/*.*'])
    .map(parseScope)
    .filter((grant): grant is ScopeGrant => grant !== null);
  const granted: string[] = [];
  for (const scope of requested.split(' ').filter((part) => part !== '')) {
    const grant = parseScope(scope);
    if (grant && limits.some((limit) => covers(limit, grant)) && !granted.includes(scope))
      granted.push(scope);
  }
  return granted;
}

export function permits(grants: readonly ScopeGrant[], type: string, permission: Permission): boolean {
  return grants.some(
    (grant) => (grant.type === '*' || grant.type === type) && grant.permissions.has(permission),
  );
}
