import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LoginResult } from '../auth/login-service.js';
import { permissionsOf } from '../auth/rbac.js';
import type { Principal } from '../auth/types.js';
import { clearSessionCookie, setSessionCookie } from '../http/cookies.js';
import { principalOf } from '../http/guard.js';
import type { Services } from '../services.js';

const loginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
});
const mfaBody = z.strictObject({ code: z.string().min(6).max(32) });

export function sessionAnswer(principal: Principal) {
  return {
    user: principal.user,
    csrfToken: principal.csrfToken ?? '',
    permissions: [...principal.permissions].sort(),
    mfaEnrolmentRequired: principal.mfaEnrolmentRequired,
    passwordChangeRequired: principal.passwordChangeRequired,
  };
}

export const authRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    const finish = async (reply: FastifyReply, result: LoginResult) => {
      setSessionCookie(reply, result.sessionId, services.cookies);
      if (result.status === 'mfa-required') return { status: 'mfa-required' as const };
      const user = services.auth.users.toUser(result.user);
      const mfaEnrolmentRequired = await services.settings.mfaEnrolmentRequired(user);
      return {
        status: 'ok' as const,
        user,
        csrfToken: result.session.csrf_token,
        permissions: permissionsOf(user.role),
        mfaEnrolmentRequired,
        passwordChangeRequired: user.passwordChangeRequired,
      };
    };

    api.post(
      '/api/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: { max: services.config.server.rateLimit.loginMax, timeWindow: 60_000 },
        },
        schema: { body: loginBody, tags: ['auth'], summary: 'Sign in with user name and password' },
      },
      async (request, reply) => {
        // Any earlier session of this browser ends here: a new id is issued on every sign-in.
        if (request.principal?.sessionIdHash)
          await services.auth.sessions.remove(request.principal.sessionIdHash);
        const result = await services.login.login(request.body.username, request.body.password, request.ip);
        return finish(reply, result);
      },
    );

    api.post(
      '/api/auth/mfa',
      {
        config: {
          access: 'mfa-pending',
          rateLimit: { max: services.config.server.rateLimit.loginMax, timeWindow: 60_000 },
        },
        schema: { body: mfaBody, tags: ['auth'], summary: 'Second sign-in step: TOTP or recovery code' },
      },
      async (request, reply) => {
        const result = await services.login.completeMfa(
          request.pendingSessionId ?? '',
          request.body.code,
          request.ip,
        );
        return finish(reply, result);
      },
    );

    api.get(
      '/api/auth/session',
      {
        config: { access: 'session' },
        schema: { tags: ['auth'], summary: 'The signed-in user and CSRF token' },
      },
      async (request) => sessionAnswer(principalOf(request)),
    );

    api.post(
      '/api/auth/logout',
      { config: { access: 'session' }, schema: { tags: ['auth'], summary: 'Sign out' } },
      async (request, reply) => {
        const principal = principalOf(request);
        const cookie = request.cookies.lifeline_session;
        if (principal.via === 'session' && cookie)
          await services.login.logout(cookie, principal.actor, request.ip);
        clearSessionCookie(reply, services.cookies);
        return reply.status(204).send();
      },
    );
  };
