import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SentinelPlatform } from './mount.js';
import { who } from './who.js';

const READ = { permission: 'sentinel.read' };
const RESPOND = { permission: 'sentinel.respond' };
const MANAGE = { permission: 'sentinel.manage' };
const tags = ['sentinel'];

const idParam = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/) });
const listQuery = z.strictObject({
  status: z.enum(['stopped', 'unstopped', 'released', 'killed', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const shareBody = z.strictObject({ path: z.string().regex(/^\//).max(4096) });

/** The sentinel API under /api/sentinel; every route declares the permission it needs. */
export function sentinelRoutes(platform: SentinelPlatform): FastifyPluginAsync {
  const { service, stores } = platform;
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/sentinel/status',
      { config: { access: READ }, schema: { tags, summary: 'Shares, their coverage and open detections' } },
      async () => platform.overview(),
    );

    api.get(
      '/api/sentinel/shares',
      { config: { access: READ }, schema: { tags, summary: 'Configured shares and their watch coverage' } },
      async () => ({ shares: await platform.shares() }),
    );

    api.get(
      '/api/sentinel/canaries',
      { config: { access: READ }, schema: { tags, summary: 'Canary files placed on the shares' } },
      async () => ({ canaries: await stores.shares.canaries() }),
    );

    api.get(
      '/api/sentinel/detections',
      {
        config: { access: READ },
        schema: { querystring: listQuery, tags, summary: 'Detections, newest first' },
      },
      async (request) => ({ detections: await stores.detections.list(request.query) }),
    );

    api.get(
      '/api/sentinel/detections/:id',
      {
        config: { access: READ },
        schema: { params: idParam, tags, summary: 'One detection: writer, signals, files, actions' },
      },
      async (request) => ({ detection: await service.detection(request.params.id) }),
    );

    api.post(
      '/api/sentinel/detections/:id/release',
      {
        config: { access: RESPOND },
        schema: { params: idParam, tags, summary: 'Let the stopped writer run again (SIGCONT)' },
      },
      async (request) => ({ detection: await service.release(request.params.id, who(request)) }),
    );

    api.post(
      '/api/sentinel/detections/:id/kill',
      {
        config: { access: RESPOND },
        schema: { params: idParam, tags, summary: 'End the stopped writer (SIGKILL)' },
      },
      async (request) => ({ detection: await service.kill(request.params.id, who(request)) }),
    );

    api.post(
      '/api/sentinel/detections/:id/resolve',
      {
        config: { access: RESPOND },
        schema: { params: idParam, tags, summary: 'Close the detection without acting on the writer' },
      },
      async (request) => ({ detection: await service.resolve(request.params.id, who(request)) }),
    );

    api.post(
      '/api/sentinel/shares/writable',
      {
        config: { access: RESPOND },
        schema: { body: shareBody, tags, summary: 'Undo the read-only action on a share' },
      },
      async (request) => ({ outcome: await service.makeWritable(request.body.path, who(request)) }),
    );

    api.post(
      '/api/sentinel/canaries/renew',
      { config: { access: MANAGE }, schema: { tags, summary: 'Give every canary new contents now' } },
      async (request) => ({ renewed: await service.renewCanaries(who(request)) }),
    );
  };
}
