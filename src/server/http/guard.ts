import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LifelineError } from '../../kernel/errors.js';
import { constantTimeEqual } from '../../kernel/crypto/random.js';
import type { AuthContext } from '../auth/context.js';
import { permissionsOf } from '../auth/rbac.js';
import type { SettingsStore } from '../auth/settings-store.js';
import type { TokenService } from '../auth/token-service.js';
import type { Principal } from '../auth/types.js';
import { describeAccess } from './access.js';
import { SESSION_COOKIE } from './cookies.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardDeps {
  ctx: AuthContext;
  tokens: TokenService;
  settings: SettingsStore;
}

/**
 * Resolves the caller of every request (API token or session cookie), enforces the route's declared
 * access, and checks the CSRF token on cookie-authenticated changes. Refusals are audited.
 */
export function installGuard(app: FastifyInstance, deps: GuardDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('pendingSessionId', null);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access && !route.url.startsWith('/api/docs')) {
      throw new Error(`route ${route.method.toString()} ${route.url} declares no access`);
    }
  });

  // preParsing, not onRequest: the rate limiter's onRequest hooks run first, so refused callers are
  // counted (and cannot flood the audit log), and no body is parsed for a caller who will be refused.
  app.addHook('preParsing', async (request) => {
    const access =
      request.routeOptions.config?.access ?? (request.url.startsWith('/api/docs') ? 'public' : undefined);
    if (!access) return; // unknown route: the not-found handler answers
    await identify(request, deps);
    if (access === 'public') return;
    if (access === 'mfa-pending') {
      if (!request.pendingSessionId)
        throw new LifelineError('AUTH_REQUIRED', 'sign in with your password first');
      return;
    }
    const principal = request.principal;
    if (!principal) throw new LifelineError('AUTH_REQUIRED');
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const deny = async (reason: string, details: Record<string, string> = {}) =>
      deps.ctx.audit.append({
        actor: principal.actor,
        action: 'access.denied',
        target: route,
        outcome: 'denied',
        details: { reason, ...details },
        sourceIp: request.ip,
      });
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !principal.csrfToken || !constantTimeEqual(sent, principal.csrfToken)) {
        await deny('csrf');
        throw new LifelineError('AUTH_CSRF_INVALID');
      }
    }
    if (access === 'session') {
      // Self-service (password, MFA, profile) belongs to the person at the console, never to a token.
      if (principal.via !== 'session') {
        await deny('token-on-self-service');
        throw new LifelineError('AUTH_FORBIDDEN', 'API tokens cannot use self-service routes');
      }
      return;
    }
    if (principal.passwordChangeRequired) throw new LifelineError('AUTH_PASSWORD_CHANGE_REQUIRED');
    if (principal.mfaEnrolmentRequired) throw new LifelineError('AUTH_MFA_ENROLMENT_REQUIRED');
    if (!principal.permissions.has(access.permission)) {
      await deny('permission', { permission: describeAccess(access) });
      throw new LifelineError('AUTH_FORBIDDEN', undefined, { permission: access.permission });
    }
  });
}

async function identify(request: FastifyRequest, deps: GuardDeps): Promise<void> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const { user, permissions, token } = await deps.tokens
      .authenticate(authorization.slice(7).trim())
      .catch(async (error: unknown) => {
        await deps.ctx.audit.append({
          actor: 'anonymous',
          action: 'auth.token',
          target: `${request.method} ${request.routeOptions.url ?? ''}`,
          outcome: 'failure',
          details: { reason: 'invalid-token' },
          sourceIp: request.ip,
        });
        throw error;
      });
    request.principal = {
      user,
      permissions,
      via: 'token',
      actor: `token:${token.name}@${user.username}`,
      tokenId: token.id,
      tokenName: token.name,
      mfaEnrolmentRequired: false,
      passwordChangeRequired: false,
    };
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await deps.ctx.sessions.resolve(cookie);
  if (!session) return;
  if (session.mfa_passed === 0) {
    request.pendingSessionId = cookie;
    return;
  }
  const row = await deps.ctx.users.byId(session.user_id);
  if (!row || row.disabled === 1) return;
  const user = deps.ctx.users.toUser(row);
  const principal: Principal = {
    user,
    permissions: new Set(permissionsOf(user.role)),
    via: 'session',
    actor: user.username,
    sessionIdHash: session.id_hash,
    csrfToken: session.csrf_token,
    mfaEnrolmentRequired: await deps.settings.mfaEnrolmentRequired(user),
    passwordChangeRequired: user.passwordChangeRequired,
  };
  request.principal = principal;
}

/** The principal of a route whose access guarantees one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new LifelineError('AUTH_REQUIRED');
  return request.principal;
}
