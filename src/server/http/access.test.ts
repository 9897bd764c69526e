import fastifyCookie from '@fastify/cookie';
import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../kernel/config/schema.js';
import { roleHas } from '../auth/rbac.js';
import {
  type SignedIn,
  UNLIMITED,
  call,
  problemCode,
  seedUser,
  signIn,
  withFastifyInit,
} from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';
import type { Access } from './access.js';
import { installGuard } from './guard.js';

let test: TestApp;
let routes: { method: string; url: string; access: Access | undefined }[];
const sessions = new Map<Role, SignedIn>();

const usernameOf = (role: Role) => `user-${role}`;
// Path parameters get a value no record has: a permitted caller then meets a 404, never a change.
const concrete = (url: string) => url.replace(/:(\w+)/g, 'no-such-$1');
const unsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

beforeAll(async () => {
  const built = await withFastifyInit(() => createTestApp({ config: { server: UNLIMITED } }));
  test = built.result;
  routes = built.routes.flatMap((route: RouteOptions) =>
    [route.method].flat().map((method) => ({ method, url: route.url, access: route.config?.access })),
  );
  for (const role of ROLES) {
    await seedUser(test.services, usernameOf(role), role);
    sessions.set(role, await signIn(test.app, usernameOf(role)));
  }
});

afterAll(async () => {
  await test.close();
});

function routesWith(kind: 'permission' | 'session' | 'mfa-pending') {
  return routes.filter((route) =>
    kind === 'permission' ? typeof route.access === 'object' : route.access === kind,
  );
}

function session(role: Role): SignedIn {
  const signedIn = sessions.get(role);
  if (!signedIn) throw new Error(`no session for ${role}`);
  return signedIn;
}

describe('route enumeration', () => {
  it('sees every route of the API contract with the access it documents', () => {
    const declared = Object.fromEntries(
      routes.map((route) => [`${route.method} ${route.url}`, route.access]),
    );
    const permission = (name: string) => ({ permission: name });
    expect(declared).toMatchObject({
      'GET /api/users': permission('users.read'),
      'POST /api/users': permission('users.manage'),
      'PATCH /api/users/:id': permission('users.manage'),
      'POST /api/users/:id/reset-mfa': permission('users.manage'),
      'POST /api/users/:id/unlock': permission('users.manage'),
      'GET /api/audit': permission('audit.read'),
      'GET /api/audit/verify': permission('audit.read'),
      'GET /api/tokens': permission('tokens.manage'),
      'POST /api/tokens': permission('tokens.manage'),
      'DELETE /api/tokens/:id': permission('tokens.manage'),
      'GET /api/settings/mfa-policy': permission('settings.manage'),
      'PUT /api/settings/mfa-policy': permission('settings.manage'),
      'GET /api/auth/session': 'session',
      'POST /api/auth/logout': 'session',
      'PATCH /api/me': 'session',
      'POST /api/me/password': 'session',
      'POST /api/me/mfa/enrol': 'session',
      'POST /api/me/mfa/confirm': 'session',
      'DELETE /api/me/mfa': 'session',
      'GET /api/modules': 'session',
      'POST /api/auth/mfa': 'mfa-pending',
      'POST /api/auth/login': 'public',
      'GET /api/auth/sso': 'public',
      'GET /api/auth/sso/start': 'public',
      'GET /api/auth/sso/callback': 'public',
      'GET /healthz': 'public',
      'GET /readyz': 'public',
      'GET /metrics': 'public',
    });
  });

  it('finds no route outside the API documentation without an access declaration', () => {
    const open = routes.filter((route) => !route.url.startsWith('/api/docs') && route.access === undefined);
    expect(open).toEqual([]);
  });
});

describe('access matrix', () => {
  it('answers 401 problem+json to an anonymous caller on every permission, session and mfa-pending route', async () => {
    const wrong: string[] = [];
    for (const route of [
      ...routesWith('permission'),
      ...routesWith('session'),
      ...routesWith('mfa-pending'),
    ]) {
      const response = await call(test.app, route.method, concrete(route.url), {
        ...(unsafe(route.method) ? { body: {} } : {}),
      });
      const code = route.method === 'HEAD' ? 'n/a' : problemCode(response);
      if (response.statusCode !== 401 || !['AUTH_REQUIRED', 'n/a'].includes(code)) {
        wrong.push(`${route.method} ${route.url}: ${response.statusCode} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every role lacking a route permission with 403 AUTH_FORBIDDEN and lets every holder through', async () => {
    const wrong: string[] = [];
    const denied: string[] = [];
    for (const route of routesWith('permission')) {
      const permission = (route.access as { permission: string }).permission;
      for (const role of ROLES) {
        const response = await call(test.app, route.method, concrete(route.url), {
          as: session(role),
          ...(unsafe(route.method) ? { body: {} } : {}),
        });
        const label = `${role} ${route.method} ${route.url}: ${response.statusCode}`;
        if (roleHas(role, permission)) {
          if (response.statusCode === 401 || response.statusCode === 403)
            wrong.push(`${label} (holder refused)`);
          continue;
        }
        denied.push(`${usernameOf(role)}|${route.method} ${route.url}`);
        const body =
          route.method === 'HEAD' ? undefined : response.json<{ code: string; permission: string }>();
        if (
          response.statusCode !== 403 ||
          (body && (body.code !== 'AUTH_FORBIDDEN' || body.permission !== permission))
        ) {
          wrong.push(`${label} ${response.body}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(denied.length).toBeGreaterThan(0);

    const records = await test.services.audit.list({ action: 'access.denied', limit: 1000 });
    const audited = new Set(records.map((record) => `${record.actor}|${record.target ?? ''}`));
    expect(denied.filter((key) => !audited.has(key))).toEqual([]);
    expect(records.every((record) => record.outcome === 'denied')).toBe(true);
  });

  it('opens every read-only session route to every role', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('session').filter((r) => r.method === 'GET')) {
      for (const role of ROLES) {
        const response = await call(test.app, 'GET', concrete(route.url), { as: session(role) });
        if (response.statusCode !== 200) wrong.push(`${role} GET ${route.url}: ${response.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the mfa-pending route closed to a fully signed-in session', async () => {
    const response = await call(test.app, 'POST', '/api/auth/mfa', {
      as: session('admin'),
      body: { code: '123456' },
    });
    expect(response.statusCode).toBe(401);
    expect(problemCode(response)).toBe('AUTH_REQUIRED');
  });
});

describe('the guard', () => {
  it('refuses to start an app with a route that declares no access', async () => {
    const app = Fastify();
    installGuard(app, {
      ctx: test.services.auth,
      tokens: test.services.tokens,
      settings: test.services.settings,
    });
    await expect(
      (async () => {
        app.get('/api/forgotten', () => ({ open: true }));
        await app.ready();
      })(),
    ).rejects.toThrow(/GET \/api\/forgotten declares no access/);
    await app.close().catch(() => undefined);
  });

  it('starts an app whose routes all declare access', async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    installGuard(app, {
      ctx: test.services.auth,
      tokens: test.services.tokens,
      settings: test.services.settings,
    });
    app.get('/api/declared', { config: { access: 'public' } }, () => ({ open: true }));
    await app.ready();
    const response = await app.inject({ method: 'GET', url: '/api/declared' });
    expect(response.json()).toEqual({ open: true });
    await app.close();
  });
});
