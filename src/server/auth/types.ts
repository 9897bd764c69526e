import type { Role } from '../../kernel/config/schema.js';

export type Locale = 'en' | 'nl' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'nl', 'fr'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  mfaEnabled: boolean;
  passwordChangeRequired: boolean;
  disabled: boolean;
  locked: boolean;
  locale: Locale;
  createdAt: string;
  lastLoginAt: string | null;
  source: 'local' | 'oidc';
}

/** Who is calling, as the guard resolved it for one request. */
export interface Principal {
  user: User;
  /** Permissions in force: the role's, narrowed by a token's scopes. */
  permissions: ReadonlySet<string>;
  via: 'session' | 'token';
  /** The audit actor name: the user name, or `token:<name>@<user>`. */
  actor: string;
  sessionIdHash?: string;
  csrfToken?: string;
  tokenId?: string;
  /** The API token's name, for rules about what a named token may reach (a device's own kits). */
  tokenName?: string;
  /** The role requires MFA and the user has not enrolled yet: only self-service routes are open. */
  mfaEnrolmentRequired: boolean;
  /** The password was generated or set by an administrator: only self-service until it is changed. */
  passwordChangeRequired: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  owner: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
