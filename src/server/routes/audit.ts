import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services.js';

const filterQuery = z.strictObject({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  target: z.string().max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});

export const auditRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const access = { permission: 'audit.read' };

    api.get(
      '/api/audit',
      {
        config: { access },
        schema: { querystring: filterQuery, tags: ['audit'], summary: 'Audit records, newest first' },
      },
      async (request) => ({ records: await services.audit.list(request.query) }),
    );

    api.get(
      '/api/audit/verify',
      {
        config: { access },
        schema: { tags: ['audit'], summary: 'Check the hash chain of the whole audit log' },
      },
      async () => services.audit.verify(),
    );
  };
