import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Role } from '../kernel/config/schema.js';
import type { User } from './auth/types.js';
import { SESSION_COOKIE } from './http/cookies.js';
import type { Services } from './services.js';

/** A password that meets the default policy for every user name the tests use. */
export const GOOD_PASSWORD = 'correct-horse-battery-42';

/** Settings that keep the per-minute rate limits out of the way of suites that sign in many times. */
export const UNLIMITED = { rateLimit: { max: 100_000, loginMax: 100_000 } };

/** How a test request identifies itself: a session cookie (with its CSRF token) or an API token. */
export interface Caller {
  cookie?: string | undefined;
  csrf?: string | undefined;
  bearer?: string | undefined;
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  user: User;
}

export async function seedUser(
  services: Services,
  username: string,
  role: Role,
  password = GOOD_PASSWORD,
): Promise<User> {
  const { user } = await services.users.create(
    { username, displayName: `Test ${username}`, role, password },
    { actor: 'system', sourceIp: null },
  );
  return user;
}

export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
}

export interface CallOptions {
  as?: Caller | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

export function call(app: FastifyInstance, method: HTTPMethods, url: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const as = options.as ?? {};
  if (as.cookie) headers.cookie = `${SESSION_COOKIE}=${as.cookie}`;
  if (as.csrf) headers['x-csrf-token'] = as.csrf;
  if (as.bearer) headers.authorization = `Bearer ${as.bearer}`;
  return app.inject({
    method,
    url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

export async function tryLogin(app: FastifyInstance, username: string, password: string, cookie?: string) {
  return call(app, 'POST', '/api/auth/login', { body: { username, password }, as: { cookie } });
}

/** Signs in with a password (no MFA) and fails loudly when the server refuses. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password = GOOD_PASSWORD,
): Promise<SignedIn> {
  const response = await tryLogin(app, username, password);
  const body = response.json<{ status?: string; csrfToken?: string; user?: User }>();
  const cookie = sessionCookieOf(response);
  if (response.statusCode !== 200 || body.status !== 'ok' || !cookie || !body.csrfToken || !body.user) {
    throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  }
  return { cookie, csrf: body.csrfToken, user: body.user };
}

/** The error code of a problem+json answer; fails when the answer is not one. */
export function problemCode(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) {
    throw new Error(
      `expected application/problem+json, got ${type} (${response.statusCode}): ${response.body}`,
    );
  }
  return response.json<{ code: string }>().code;
}

export async function userCount(services: Services): Promise<number> {
  return (await services.auth.users.list()).length;
}

/**
 * Runs `build` while every Fastify instance created meanwhile reports its routes through the
 * `fastify.initialization` diagnostics channel, and lets `setup` touch the instance before any
 * plugin is registered. The route objects are read after `build`, so they show the final config.
 */
export async function withFastifyInit<T>(
  build: () => Promise<T>,
  setup: (app: FastifyInstance) => void = () => undefined,
): Promise<{ result: T; routes: RouteOptions[] }> {
  const routes: RouteOptions[] = [];
  const listener = (message: unknown) => {
    const app = (message as { fastify: FastifyInstance }).fastify;
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    setup(app);
  };
  subscribe('fastify.initialization', listener);
  try {
    return { result: await build(), routes };
  } finally {
    unsubscribe('fastify.initialization', listener);
  }
}
