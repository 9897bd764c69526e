import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/guard.js';
import type { Services } from '../services.js';

const profileBody = z.strictObject({
  displayName: z.string().trim().min(1).max(128).optional(),
  locale: z.enum(['en', 'nl', 'fr']).optional(),
});
const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
const codeBody = z.strictObject({ code: z.string().min(6).max(32) });

/** Self-service: open to every signed-in user, including one who must still enrol MFA. */
export const meRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const who = (request: { ip: string }, actor: string) => ({ actor, sourceIp: request.ip });

    api.patch(
      '/api/me',
      {
        config: { access: 'session' },
        schema: { body: profileBody, tags: ['me'], summary: 'Change your display name or language' },
      },
      async (request) => {
        const principal = principalOf(request);
        const user = await services.users.updateProfile(
          principal.user,
          request.body,
          who(request, principal.actor),
        );
        return { user };
      },
    );

    api.post(
      '/api/me/password',
      {
        config: { access: 'session' },
        schema: { body: passwordBody, tags: ['me'], summary: 'Change your password' },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        await services.users.changeOwnPassword(
          principal.user,
          request.body.currentPassword,
          request.body.newPassword,
          who(request, principal.actor),
          principal.sessionIdHash,
        );
        return reply.status(204).send();
      },
    );

    api.post(
      '/api/me/mfa/enrol',
      { config: { access: 'session' }, schema: { tags: ['me'], summary: 'Start TOTP enrolment' } },
      async (request) => services.mfa.startEnrolment(principalOf(request).user),
    );

    api.post(
      '/api/me/mfa/confirm',
      {
        config: { access: 'session' },
        schema: { body: codeBody, tags: ['me'], summary: 'Confirm TOTP enrolment' },
      },
      async (request) => {
        const principal = principalOf(request);
        const recoveryCodes = await services.mfa.confirmEnrolment(
          principal.user,
          request.body.code,
          principal.actor,
          request.ip,
        );
        return { recoveryCodes };
      },
    );

    api.delete(
      '/api/me/mfa',
      { config: { access: 'session' }, schema: { body: codeBody, tags: ['me'], summary: 'Turn off TOTP' } },
      async (request, reply) => {
        const principal = principalOf(request);
        await services.mfa.disable(principal.user, request.body.code, principal.actor, request.ip);
        return reply.status(204).send();
      },
    );
  };
