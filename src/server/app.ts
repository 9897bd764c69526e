import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { LifelineError } from '../kernel/errors.js';
import { isConsoleDeepLink, serveConsole } from './http/console.js';
import { installGuard } from './http/guard.js';
import { installProblemHandler, sendProblem } from './http/problem.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { meRoutes } from './routes/me.js';
import { moduleRoutes } from './routes/modules.js';
import { settingsRoutes } from './routes/settings.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { ssoRoutes } from './routes/sso.js';
import type { Services } from './services.js';

export interface AppOptions {
  /** The mounted modules' routes, from the open platform. */
  moduleRoutes?: readonly FastifyPluginAsync[] | undefined;
  /** Directory of the built console; nothing is served when it holds no index.html. */
  consoleDir?: string | undefined;
}

const UNMETERED = new Set(['/healthz', '/readyz', '/metrics']);

function readTlsFile(path: string, key: 'certFile' | 'keyFile'): Buffer {
  try {
    return readFileSync(path);
  } catch {
    const what = key === 'certFile' ? 'certificate' : 'private key';
    throw new LifelineError('CONFIG_INVALID', `the TLS ${what} ${path} cannot be read`, {
      key: `server.tls.${key}`,
    });
  }
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { server } = services.config;
  // One instance type for HTTP and HTTPS: the routes do not care which transport carried them.
  const app = Fastify({
    loggerInstance: services.logger,
    bodyLimit: server.bodyLimitBytes,
    trustProxy: server.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Probes and scrapes would drown the log; every other request is logged once it completes.
    logController: new LogController({ disableRequestLogging: (request) => UNMETERED.has(request.url) }),
    ...(server.tls
      ? {
          https: {
            cert: readTlsFile(server.tls.certFile, 'certFile'),
            key: readTlsFile(server.tls.keyFile, 'keyFile'),
          },
        }
      : {}),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandler(app);

  // A keep-alive connection whose request was in flight at shutdown would hold close() open until its
  // idle timeout; answers sent while closing end their connection instead.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });

  // Console assets and the API documentation are public by nature; everything else must say.
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/') && !route.url.startsWith('/api/docs');
    if (!route.config?.access && !isApi && !UNMETERED.has(route.url)) {
      route.config = { ...route.config, access: 'public' };
    }
  });

  await app.register(fastifyCookie);
  installSecurityHeaders(app, Boolean(server.tls));
  await app.register(fastifyRateLimit, {
    max: server.rateLimit.max,
    timeWindow: server.rateLimit.windowSeconds * 1000,
    allowList: (request) => UNMETERED.has(request.url),
    errorResponseBuilder: () => new LifelineError('RATE_LIMITED'),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lifeline API',
        version: '0.1.0',
        description: 'Keeps a hospital running through a cyberattack.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'lifeline_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installGuard(app, { ctx: services.auth, tokens: services.tokens, settings: services.settings });

  await app.register(healthRoutes(services));
  await app.register(authRoutes(services));
  await app.register(ssoRoutes(services));
  await app.register(meRoutes(services));
  await app.register(userRoutes(services));
  await app.register(tokenRoutes(services));
  await app.register(auditRoutes(services));
  await app.register(settingsRoutes(services));
  await app.register(moduleRoutes);
  for (const routes of options.moduleRoutes ?? []) await app.register(routes);

  const hasConsole = options.consoleDir ? await serveConsole(app, options.consoleDir) : false;
  app.setNotFoundHandler((request, reply) => {
    if (hasConsole && isConsoleDeepLink(request.method, request.url, request.headers.accept)) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, request, new LifelineError('NOT_FOUND'));
  });
  return app;
}
