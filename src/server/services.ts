import type { AuditLog } from '../kernel/audit/log.js';
import type { EventBus } from '../kernel/bus/types.js';
import type { Clock } from '../kernel/clock.js';
import type { LifelineConfig } from './config.js';
import type { Database } from '../kernel/db/connect.js';
import type { Logger } from '../kernel/log/logger.js';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { type AuthContext, createAuthContext } from './auth/context.js';
import { FailureTracker } from './auth/failures.js';
import { LoginService } from './auth/login-service.js';
import { MfaService } from './auth/mfa-service.js';
import { SettingsStore } from './auth/settings-store.js';
import { TokenService } from './auth/token-service.js';
import { UserAdmin } from './auth/user-admin.js';
import type { CookiePolicy } from './http/cookies.js';

/** What the server's routes work with, built once from the platform. */
export interface Services {
  config: LifelineConfig;
  database: Database;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  auth: AuthContext;
  login: LoginService;
  mfa: MfaService;
  users: UserAdmin;
  tokens: TokenService;
  settings: SettingsStore;
  cookies: CookiePolicy;
  /** Prometheus metrics served at /metrics; modules register their own series here. */
  metrics: Registry;
}

export interface ServiceDeps {
  config: LifelineConfig;
  database: Database;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  failureDelayMs?: number;
}

export function createServices(deps: ServiceDeps): Services {
  const auth = createAuthContext({
    database: deps.database,
    audit: deps.audit,
    clock: deps.clock,
    config: deps.config.auth,
    logger: deps.logger,
    failureDelayMs: deps.failureDelayMs ?? 250,
  });
  const settings = new SettingsStore(deps.database.db, deps.audit, deps.clock);
  const failures = new FailureTracker(auth);
  const publicUrl = deps.config.server.publicUrl;
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  return {
    metrics,
    ...deps,
    auth,
    settings,
    login: new LoginService(auth, failures),
    mfa: new MfaService(auth, settings),
    users: new UserAdmin(auth, failures),
    tokens: new TokenService(auth),
    cookies: {
      secure: Boolean(deps.config.server.tls) || Boolean(publicUrl?.startsWith('https://')),
      maxAgeSeconds: deps.config.auth.sessionMaxHours * 3600,
    },
  };
}
