import type { SafeDetails } from '../errors.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  /** Who: a user name, `token:<name>`, `system`, or `anonymous`. */
  actor: string;
  /** What, as `<area>.<noun>.<verb>`: `auth.login`, `user.role.change`, `config.change`. */
  action: string;
  /** The thing changed, by id or name; never patient data. */
  target?: string | null | undefined;
  outcome: AuditOutcome;
  details?: SafeDetails | undefined;
  sourceIp?: string | null | undefined;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  details: SafeDetails;
  sourceIp: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  target?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  /** Records with seq below this value, for paging back through history. */
  beforeSeq?: number | undefined;
}

export type AuditVerifyResult =
  | { ok: true; records: number; headHash: string }
  | { ok: false; records: number; brokenAt: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);
