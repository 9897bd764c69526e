import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built console. Paths that are not files fall back to index.html so the console's own
 * router can handle deep links; API paths never do.
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string): Promise<boolean> {
  if (!existsSync(join(consoleDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: consoleDir,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: true,
    maxAge: '1h',
    setHeaders(res, path) {
      // Hashed asset names may be cached for long; index.html must be re-read after an upgrade.
      if (path.endsWith('index.html')) res.header('cache-control', 'no-cache');
    },
  });
  return true;
}

export function isConsoleDeepLink(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url.startsWith('/api/') || url === '/api' || /^\/(healthz|readyz|metrics)\b/.test(url)) return false;
  return (accept ?? '').includes('text/html');
}
