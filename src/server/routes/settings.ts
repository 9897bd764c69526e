import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../kernel/config/schema.js';
import { principalOf } from '../http/guard.js';
import type { Services } from '../services.js';

const policyBody = z.strictObject({ requiredRoles: z.array(z.enum(ROLES)).max(ROLES.length) });

export const settingsRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const access = { permission: 'settings.manage' };

    api.get(
      '/api/settings/mfa-policy',
      { config: { access }, schema: { tags: ['settings'], summary: 'Roles that must use MFA' } },
      async () => services.settings.mfaPolicy(),
    );

    api.put(
      '/api/settings/mfa-policy',
      {
        config: { access },
        schema: { body: policyBody, tags: ['settings'], summary: 'Set the roles that must use MFA' },
      },
      async (request) => services.settings.setMfaPolicy(request.body, principalOf(request).actor, request.ip),
    );
  };
