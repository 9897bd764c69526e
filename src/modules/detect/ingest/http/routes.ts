import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LifelineError } from '../../../../kernel/errors.js';
// The module's codes must be registered wherever they can be thrown.
import '../errors.js';
import type { IngestHub } from '../hub/hub.js';
import type { QuarantineStore } from '../quarantine/store.js';
import { NDJSON, bodyLines } from './body.js';

export interface IngestRouteDeps {
  readonly hub: IngestHub;
  readonly quarantine: Pick<QuarantineStore, 'list'>;
  /** Largest request body accepted on POST /api/detect/events (bytes). */
  readonly maxBodyBytes?: number;
  /** Longest event line (characters); longer ones are quarantined. */
  readonly maxLineChars?: number;
  /** Seconds a refused sender is asked to wait. */
  readonly retryAfterSeconds?: number;
}

const READ = { permission: 'detect.read' };
const INGEST = { permission: 'detect.ingest' };
const tags = ['detect'];

const sourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash and underscore, up to 64');
const eventsQuery = z.strictObject({ source: sourceName.default('http') });
const quarantineQuery = z.strictObject({
  source: sourceName.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * The ingest HTTP API. The NDJSON body parser is registered here, inside this plugin, so it applies
 * to these routes only.
 */
export function ingestRoutes(deps: IngestRouteDeps): FastifyPluginAsync {
  const maxLineChars = deps.maxLineChars ?? 256 * 1024;
  return async (app) => {
    app.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/detect/events',
      {
        config: { access: INGEST },
        bodyLimit: deps.maxBodyBytes ?? 10 * 1024 * 1024,
        schema: {
          querystring: eventsQuery,
          tags,
          summary: 'Send events: NDJSON (one JSON object a line) or a JSON array',
        },
      },
      async (request, reply) => {
        const lines = bodyLines(request.headers['content-type'], request.body);
        const input = deps.hub.register({ kind: 'http', name: request.query.source });
        const refuse = (closed: boolean) => {
          void reply.header('retry-after', String(deps.retryAfterSeconds ?? 5));
          return new LifelineError(closed ? 'DETECT_INGEST_CLOSED' : 'DETECT_INGEST_QUEUE_FULL');
        };
        // Refused before anything is counted: the sender will send the same batch again.
        if (deps.hub.isClosed) throw refuse(true);
        if (deps.hub.isFull()) throw refuse(false);
        let tooLong = 0;
        const fitting = lines.filter((line) => {
          if (line.length <= maxLineChars) return true;
          input.reject('line too long', line);
          tooLong++;
          return false;
        });
        const result = input.offer(fitting, { overflow: 'refuse', address: request.ip });
        if (result.refused) throw refuse(deps.hub.isClosed);
        return reply.status(202).send({ accepted: result.accepted, quarantined: result.malformed + tooLong });
      },
    );

    api.get(
      '/api/detect/sources',
      { config: { access: READ }, schema: { tags, summary: 'Ingest sources and their counters' } },
      async () => ({ sources: deps.hub.sources() }),
    );

    api.get(
      '/api/detect/quarantine',
      {
        config: { access: READ },
        schema: {
          querystring: quarantineQuery,
          tags,
          summary: 'Lines that could not be decoded, newest first',
        },
      },
      async (request) => {
        const { entries, total } = await deps.quarantine.list({
          limit: request.query.limit,
          ...(request.query.source !== undefined ? { source: request.query.source } : {}),
        });
        return {
          entries: entries.map(({ id, source, reason, receivedAt, line }) => ({
            id,
            source,
            reason,
            receivedAt,
            line,
          })),
          total,
        };
      },
    );
  };
}
