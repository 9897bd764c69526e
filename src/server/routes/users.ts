import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../kernel/config/schema.js';
import { principalOf } from '../http/guard.js';
import type { Services } from '../services.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const createBody = z.strictObject({
  username: z.string().trim().min(2).max(64),
  displayName: z.string().trim().min(1).max(128),
  email: z.email().max(254).nullable().optional(),
  role: z.enum(ROLES),
  password: z.string().min(1).max(256).optional(),
});
const updateBody = z.strictObject({
  displayName: z.string().trim().min(1).max(128).optional(),
  email: z.email().max(254).nullable().optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
});

export const userRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const who = (request: Parameters<typeof principalOf>[0]) => ({
      actor: principalOf(request).actor,
      sourceIp: request.ip,
    });

    api.get(
      '/api/users',
      {
        config: { access: { permission: 'users.read' } },
        schema: { tags: ['users'], summary: 'List users' },
      },
      async () => ({
        users: (await services.auth.users.list()).map((row) => services.auth.users.toUser(row)),
      }),
    );

    api.post(
      '/api/users',
      {
        config: { access: { permission: 'users.manage' } },
        schema: { body: createBody, tags: ['users'], summary: 'Create a user' },
      },
      async (request, reply) => {
        const created = await services.users.create(request.body, who(request));
        return reply.status(201).send(created);
      },
    );

    api.patch(
      '/api/users/:id',
      {
        config: { access: { permission: 'users.manage' } },
        schema: { params: idParams, body: updateBody, tags: ['users'], summary: 'Change a user' },
      },
      async (request) => ({
        user: await services.users.update(request.params.id, request.body, who(request)),
      }),
    );

    api.post(
      '/api/users/:id/reset-mfa',
      {
        config: { access: { permission: 'users.manage' } },
        schema: { params: idParams, tags: ['users'], summary: 'Reset MFA' },
      },
      async (request, reply) => {
        await services.mfa.reset(request.params.id, principalOf(request).actor, request.ip);
        return reply.status(204).send();
      },
    );

    api.post(
      '/api/users/:id/unlock',
      {
        config: { access: { permission: 'users.manage' } },
        schema: { params: idParams, tags: ['users'], summary: 'Unlock' },
      },
      async (request, reply) => {
        await services.users.unlock(request.params.id, who(request));
        return reply.status(204).send();
      },
    );
  };
