import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../http/guard.js';
import { MODULES } from '../modules.js';

export const moduleRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/modules',
    { config: { access: 'session' }, schema: { tags: ['platform'], summary: 'Modules the caller may open' } },
    async (request) => {
      const principal = principalOf(request);
      return {
        modules: MODULES.filter((module) => principal.permissions.has(module.permission)).map((module) => ({
          id: module.id,
          path: module.consolePath,
          permission: module.permission,
        })),
      };
    },
  );
};
