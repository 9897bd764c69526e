import type { AuditLog } from '../../../kernel/audit/log.js';
import { isLifelineError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { Who } from './types.js';

/**
 * Audits a refused or failed attempt by its error code. When the audit log itself is unreachable
 * (the likely cause of the failure) the caller still gets the original error, not this one.
 */
export async function auditFailure(
  deps: { audit: AuditLog; logger: Logger },
  who: Who,
  action: string,
  target: string,
  error: unknown,
): Promise<void> {
  const code = isLifelineError(error) ? error.code : 'INTERNAL';
  try {
    await deps.audit.append({ ...who, action, target, outcome: 'failure', details: { code } });
  } catch {
    deps.logger.error({ action, target, code }, 'a failed attempt could not be audited');
  }
}
