import type { AuditLog } from '../../kernel/audit/log.js';
import type { Clock } from '../../kernel/clock.js';
import type { AuthConfig } from '../../kernel/config/schema.js';
import type { Database } from '../../kernel/db/connect.js';
import type { Logger } from '../../kernel/log/logger.js';
import { SessionStore } from './session-store.js';
import { UserStore } from './user-store.js';

/** What every account service needs; built once per server. */
export interface AuthContext {
  database: Database;
  users: UserStore;
  sessions: SessionStore;
  audit: AuditLog;
  clock: Clock;
  config: AuthConfig;
  logger: Logger;
  /** Base of the progressive delay after a failed login; tests set it to 0. */
  failureDelayMs: number;
}

export function createAuthContext(options: Omit<AuthContext, 'users' | 'sessions'>): AuthContext {
  return {
    ...options,
    users: new UserStore(options.database.db, options.clock),
    sessions: new SessionStore(options.database.db, options.clock, {
      idleMinutes: options.config.sessionIdleMinutes,
      maxHours: options.config.sessionMaxHours,
    }),
  };
}
