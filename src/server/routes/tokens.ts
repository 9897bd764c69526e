import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/guard.js';
import type { Services } from '../services.js';

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(64),
  scopes: z.array(z.string().min(1).max(64)).min(1).max(64),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export const tokenRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const access = { permission: 'tokens.manage' };

    api.get(
      '/api/tokens',
      { config: { access }, schema: { tags: ['tokens'], summary: 'List API tokens' } },
      async (request) => {
        const principal = principalOf(request);
        return {
          tokens: await services.tokens.list(principal.user.role === 'admin' ? null : principal.user),
        };
      },
    );

    api.post(
      '/api/tokens',
      {
        config: { access },
        schema: { body: createBody, tags: ['tokens'], summary: 'Create an API token (secret shown once)' },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const created = await services.tokens.create(
          principal.user,
          request.body,
          principal.actor,
          request.ip,
          principal.permissions,
        );
        return reply.status(201).send(created);
      },
    );

    api.delete(
      '/api/tokens/:id',
      { config: { access }, schema: { params: idParams, tags: ['tokens'], summary: 'Revoke an API token' } },
      async (request, reply) => {
        const principal = principalOf(request);
        await services.tokens.revoke(request.params.id, principal.user, principal.actor, request.ip);
        return reply.status(204).send();
      },
    );
  };
