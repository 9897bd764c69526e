import type { FastifyPluginAsync } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import type { Services } from '../services.js';

/** Liveness, readiness and Prometheus metrics: public, so load balancers and scrapers need no account. */
export const healthRoutes =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const registry = services.metrics;
    const duration = new Histogram({
      name: 'lifeline_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    });
    const failures = new Counter({
      name: 'lifeline_readiness_failures_total',
      help: 'Readiness checks that found a dependency unreachable',
      labelNames: ['dependency'] as const,
      registers: [registry],
    });

    app.addHook('onResponse', async (request, reply) => {
      // Route patterns, not raw URLs, label the metric: ids in URLs would explode the series count.
      const route = request.routeOptions.url ?? 'unknown';
      duration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    app.get(
      '/healthz',
      { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Liveness' } },
      () => ({
        status: 'ok',
      }),
    );

    app.get(
      '/readyz',
      { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Readiness' } },
      async (_request, reply) => {
        const checks: Record<string, 'ok' | 'unreachable'> = {};
        for (const [name, ping] of [
          ['database', () => services.database.ping()],
          ['bus', () => services.bus.ping()],
        ] as const) {
          try {
            await ping();
            checks[name] = 'ok';
          } catch {
            checks[name] = 'unreachable';
            failures.inc({ dependency: name });
          }
        }
        const ready = Object.values(checks).every((value) => value === 'ok');
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
      },
    );

    app.get(
      '/metrics',
      { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Prometheus metrics' } },
      async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  };
