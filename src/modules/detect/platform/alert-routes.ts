import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../../../kernel/clock.js';
import type { AlertService } from '../alerts/service.js';
import type { AlertFilter, Who } from '../alerts/types.js';
import {
  alertListQuery,
  assignBody,
  closeBody,
  emptyBody,
  falsePositiveBody,
  idParams,
  statsQuery,
} from './schemas.js';

const READ = { permission: 'detect.read' };
const TRIAGE = { permission: 'detect.triage' };
const MANAGE = { permission: 'detect.manage' };
const tags = ['detect'];

const STEP_MS = { hour: 3_600_000, day: 86_400_000 };
const DEFAULT_SPAN_MS = { hour: 24 * STEP_MS.hour, day: 30 * STEP_MS.day };

export function who(request: FastifyRequest): Who {
  return { actor: request.principal?.actor ?? 'anonymous', sourceIp: request.ip };
}

function publicFilter({ id, ruleId, fields, reason, createdBy, createdAt, alertId }: AlertFilter) {
  return { id, ruleId, fields, reason, createdBy, createdAt, alertId };
}

/** Alerts, triage and false-positive filters under /api/detect. */
export async function alertRoutes(app: FastifyInstance, alerts: AlertService, clock: Clock): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/detect/alerts',
    {
      config: { access: READ },
      schema: { querystring: alertListQuery, tags, summary: 'Alerts, newest first' },
    },
    async (request) => alerts.list(request.query),
  );

  api.get(
    '/api/detect/alerts/stats',
    {
      config: { access: READ },
      schema: { querystring: statsQuery, tags, summary: 'Alert counts over time' },
    },
    async (request) => {
      const bucket = request.query.bucket ?? 'hour';
      // By default up to the end of the current hour or day, so the newest bucket is the one under way.
      const step = STEP_MS[bucket];
      const to =
        request.query.to ?? new Date((Math.floor(clock.now().getTime() / step) + 1) * step).toISOString();
      const from = request.query.from ?? new Date(Date.parse(to) - DEFAULT_SPAN_MS[bucket]).toISOString();
      return alerts.stats({ from, to, bucket });
    },
  );

  api.get(
    '/api/detect/alerts/:id',
    {
      config: { access: READ },
      schema: { params: idParams, tags, summary: 'An alert with evidence and history' },
    },
    async (request) => ({ alert: await alerts.get(request.params.id) }),
  );

  api.post(
    '/api/detect/alerts/:id/acknowledge',
    {
      config: { access: TRIAGE },
      schema: { params: idParams, body: emptyBody, tags, summary: 'Acknowledge' },
    },
    async (request) => ({ alert: await alerts.acknowledge(request.params.id, who(request)) }),
  );

  api.post(
    '/api/detect/alerts/:id/assign',
    { config: { access: TRIAGE }, schema: { params: idParams, body: assignBody, tags, summary: 'Assign' } },
    async (request) => ({
      alert: await alerts.assign(request.params.id, request.body.assignee, who(request)),
    }),
  );

  api.post(
    '/api/detect/alerts/:id/close',
    {
      config: { access: TRIAGE },
      schema: { params: idParams, body: closeBody, tags, summary: 'Close with a reason' },
    },
    async (request) => ({ alert: await alerts.close(request.params.id, request.body.reason, who(request)) }),
  );

  api.post(
    '/api/detect/alerts/:id/false-positive',
    {
      config: { access: TRIAGE },
      schema: {
        params: idParams,
        body: falsePositiveBody,
        tags,
        summary: 'Close as false positive and filter',
      },
    },
    async (request) => {
      const result = await alerts.falsePositive(request.params.id, request.body, who(request));
      return { alert: result.alert, filter: publicFilter(result.filter) };
    },
  );

  api.post(
    '/api/detect/alerts/:id/reopen',
    { config: { access: TRIAGE }, schema: { params: idParams, body: emptyBody, tags, summary: 'Reopen' } },
    async (request) => ({ alert: await alerts.reopen(request.params.id, who(request)) }),
  );

  api.get(
    '/api/detect/filters',
    { config: { access: MANAGE }, schema: { tags, summary: 'False-positive filters' } },
    async () => ({ filters: (await alerts.listFilters()).map(publicFilter) }),
  );

  api.delete(
    '/api/detect/filters/:id',
    {
      config: { access: MANAGE },
      schema: { params: idParams, tags, summary: 'Delete a false-positive filter' },
    },
    async (request, reply) => {
      await alerts.deleteFilter(request.params.id, who(request));
      return reply.status(204).send();
    },
  );
}
