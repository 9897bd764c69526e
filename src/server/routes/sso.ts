import type { FastifyPluginAsync } from 'fastify';
import { LifelineError } from '../../kernel/errors.js';
import { SsoService } from '../auth/sso-service.js';
import { setSessionCookie } from '../http/cookies.js';
import type { Services } from '../services.js';

const PENDING_COOKIE = 'lifeline_sso';

export const ssoRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const oidc = services.config.auth.oidc;
    const sso = oidc ? new SsoService(services.auth, services.login, oidc) : undefined;

    app.get(
      '/api/auth/sso',
      { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Is SSO offered?' } },
      () => (oidc ? { enabled: true, label: oidc.label } : { enabled: false }),
    );

    app.get(
      '/api/auth/sso/start',
      { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Go to the identity provider' } },
      async (_request, reply) => {
        if (!sso) throw new LifelineError('AUTH_SSO_NOT_CONFIGURED');
        const { url, pendingId } = await sso.start();
        // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
        void reply.setCookie(PENDING_COOKIE, pendingId, {
          path: '/api/auth/sso',
          httpOnly: true,
          sameSite: 'lax',
          secure: services.cookies.secure,
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/api/auth/sso/callback',
      {
        config: { access: 'public' },
        schema: { tags: ['auth'], summary: 'Return from the identity provider' },
      },
      async (request, reply) => {
        if (!sso || !oidc) throw new LifelineError('AUTH_SSO_NOT_CONFIGURED');
        const pendingId = request.cookies[PENDING_COOKIE] ?? '';
        void reply.clearCookie(PENDING_COOKIE, { path: '/api/auth/sso' });
        const callbackUrl = new URL(request.url, oidc.redirectUri);
        const result = await sso.complete(callbackUrl, pendingId, request.ip);
        setSessionCookie(reply, result.sessionId, services.cookies);
        return reply.redirect('/', 302);
      },
    );
  };
