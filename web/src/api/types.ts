export const ROLES = [
  'admin',
  'security-analyst',
  'incident-commander',
  'clinician',
  'trainer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'nl', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  mfaEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  locale: Locale;
  createdAt: string;
  lastLoginAt: string | null;
  source: 'local' | 'oidc';
}

export interface Session {
  user: User;
  csrfToken: string;
  permissions: string[];
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
}

export type LoginAnswer = ({ status: 'ok' } & Session) | { status: 'mfa-required' };

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  sourceIp: string | null;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  records: number;
  brokenAt?: number;
  reason?: string;
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

export interface ConsoleModule {
  id: string;
  path: string;
  permission: string;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}
