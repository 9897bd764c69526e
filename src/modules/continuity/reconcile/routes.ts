import type { FastifyPluginAsync } from 'fastify';
import { who } from '../platform/who.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReconcileService } from './service.js';

const RECONCILE = { permission: 'continuity.reconcile' };
const tags = ['continuity'];
/** A unit's whole downtime in one file: far above the server's default body limit. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const itemParam = z.strictObject({ id: z.uuid() });
const itemsQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'posted', 'failed']).optional(),
  importId: z.uuid().optional(),
});
const approveBody = z.strictObject({
  patientId: z
    .string()
    .regex(/^[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
});
const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export interface ReconcileRouteDeps {
  reconcile: ReconcileService;
}

/** The reconciliation API under /api/continuity/reconcile: import, review queue, post to the EHR. */
export function reconcileRoutes(deps: ReconcileRouteDeps): FastifyPluginAsync {
  const { reconcile } = deps;
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/continuity/reconcile/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        config: { access: RECONCILE },
        schema: {
          body: z.record(z.string(), z.unknown()),
          tags,
          summary: 'Import a signed downtime documentation bundle from the offline viewer',
        },
      },
      async (request, reply) => {
        const result = await reconcile.importBundle(request.body, who(request));
        return reply.status(result.created ? 201 : 200).send({ import: result.import });
      },
    );

    api.get(
      '/api/continuity/reconcile/imports',
      {
        config: { access: RECONCILE },
        schema: { tags, summary: 'Downtime documentation imported, newest first' },
      },
      async () => ({ imports: await reconcile.imports() }),
    );

    api.get(
      '/api/continuity/reconcile/items',
      {
        config: { access: RECONCILE },
        schema: {
          querystring: itemsQuery,
          tags,
          summary: 'The review queue, with patient matches and conflicts',
        },
      },
      async (request, reply) =>
        reply.header('cache-control', 'no-store').send({ items: await reconcile.items(request.query) }),
    );

    api.post(
      '/api/continuity/reconcile/items/:id/approve',
      {
        config: { access: RECONCILE },
        schema: {
          params: itemParam,
          body: approveBody,
          tags,
          summary: 'Approve an item, choosing its patient if needed',
        },
      },
      async (request) => ({
        item: await reconcile.approve(request.params.id, { patientId: request.body.patientId }, who(request)),
      }),
    );

    api.post(
      '/api/continuity/reconcile/items/:id/reject',
      {
        config: { access: RECONCILE },
        schema: { params: itemParam, body: rejectBody, tags, summary: 'Reject an item with the reason' },
      },
      async (request) => ({
        item: await reconcile.reject(request.params.id, request.body.reason, who(request)),
      }),
    );

    api.post(
      '/api/continuity/reconcile/post',
      {
        config: { access: RECONCILE },
        schema: {
          body: z.strictObject({}),
          tags,
          summary: 'Post approved items to the EHR as FHIR transactions',
        },
      },
      async (request) => reconcile.post(who(request)),
    );
  };
}
