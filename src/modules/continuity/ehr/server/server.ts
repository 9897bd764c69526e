import Fastify, { type FastifyError } from 'fastify';
import type { AddressInfo } from 'node:net';
import { isLifelineError } from '../../../../kernel/errors.js';
import { ehrError } from '../errors.js';
import { operationOutcome, outcomeFor } from '../outcome.js';
import type { EhrStore } from '../store/store.js';
import { registerAuthRoutes } from './auth-routes.js';
import { BulkJobs } from './bulk-jobs.js';
import { registerBulkRoutes } from './bulk-routes.js';
import { fhirBase, sendFhir, tokenUrl, type EhrContext, type EhrFaults } from './context.js';
import { registerFhirRoutes } from './fhir-routes.js';
import { ReplayCache, type RegisteredClient } from './jwt-verify.js';
import { SearchPages } from './search-pages.js';
import { TokenRegistry } from './tokens.js';

export interface EhrDoubleOptions {
  store: EhrStore;
  /** Backend-service clients allowed to ask for tokens, each with its public key. */
  clients: RegisteredClient[];
  host?: string;
  port?: number;
  /** How long an export job runs before its manifest is ready (default 0). */
  bulkWorkMs?: number;
  /** The clock for tokens and assertions (tests move it to expire tokens). */
  clock?: () => Date;
  tokenLifetimeSeconds?: number;
  defaultPageSize?: number;
  maxPageSize?: number;
  resourcesPerFile?: number;
  maxRunningExports?: number;
  /** The origin clients reach the double at when it sits behind a proxy. */
  publicOrigin?: string;
  bodyLimitBytes?: number;
}

export interface EhrDouble {
  /** FHIR base, e.g. http://127.0.0.1:41234/fhir */
  url: string;
  tokenUrl: string;
  faults: EhrFaults;
  revokeTokens(): void;
  close(): Promise<void>;
}

function wwwAuthenticate(code: string): string | null {
  if (code === 'CONTINUITY_EHR_TOKEN_INVALID') return 'Bearer realm="fhir", error="invalid_token"';
  if (code === 'CONTINUITY_EHR_SCOPE_INSUFFICIENT') return 'Bearer realm="fhir", error="insufficient_scope"';
  return null;
}

/**
 * Starts the EHR double: FHIR R4 REST, Bulk Data export and a SMART Backend Services token endpoint,
 * on loopback and a free port unless told otherwise.
 */
export async function startEhrDouble(options: EhrDoubleOptions): Promise<EhrDouble> {
  const clock = options.clock ?? (() => new Date());
  const faults: EhrFaults = {
    unavailable: false,
    failNextRequests: 0,
    retryAfterSeconds: 1,
    refuseEntry: null,
  };
  const context: EhrContext = {
    store: options.store,
    clock,
    origin: '',
    clients: new Map(options.clients.map((client) => [client.clientId, client])),
    keys: new WeakMap(),
    replay: new ReplayCache(),
    tokens: new TokenRegistry(clock, options.tokenLifetimeSeconds ?? 300),
    faults,
    jobs: new BulkJobs(options.store, {
      workMs: options.bulkWorkMs ?? 0,
      resourcesPerFile: options.resourcesPerFile ?? 50_000,
      maxRunning: options.maxRunningExports ?? 4,
      keepMs: 60 * 60_000,
    }),
    pages: new SearchPages(clock),
    defaultPageSize: options.defaultPageSize ?? 50,
    maxPageSize: options.maxPageSize ?? 1000,
  };
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024 * 1024,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.addHook('onRequest', async (_request, reply) => {
    if (!faults.unavailable && faults.failNextRequests <= 0) return;
    if (faults.failNextRequests > 0) faults.failNextRequests -= 1;
    reply.header('retry-after', String(faults.retryAfterSeconds));
    const { status, outcome } = outcomeFor(ehrError('CONTINUITY_EHR_UNAVAILABLE'));
    return sendFhir(reply, status, outcome);
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isLifelineError(error)) {
      const challenge = wwwAuthenticate(error.code);
      if (challenge) reply.header('www-authenticate', challenge);
      if (error.status === 429) reply.header('retry-after', '5');
      const { status, outcome } = outcomeFor(error);
      return sendFhir(reply, status, outcome);
    }
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    return sendFhir(
      reply,
      status,
      operationOutcome(status, status === 500 ? 'Internal error' : 'The request could not be processed'),
    );
  });
  app.setNotFoundHandler((_request, reply) =>
    sendFhir(reply, 404, operationOutcome(404, 'No such endpoint')),
  );

  registerAuthRoutes(app, context);
  registerFhirRoutes(app, context);
  registerBulkRoutes(app, context);

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  context.origin = options.publicOrigin ?? `http://${host}:${address.port}`;
  return {
    url: fhirBase(context),
    tokenUrl: tokenUrl(context),
    faults,
    revokeTokens: () => context.tokens.revokeAll(),
    close: async () => {
      context.jobs.close();
      await app.close();
    },
  };
}
