import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GOOD_PASSWORD,
  UNLIMITED,
  call,
  problemCode,
  seedUser,
  sessionCookieOf,
  tryLogin,
} from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';
import { type TestOidcProvider, startTestOidcProvider } from './oidc.testkit.js';
import type { User } from './types.js';

const redirectUri = 'http://127.0.0.1:8080/api/auth/sso/callback';
const PENDING_COOKIE = 'lifeline_sso';
const person = (username: string, roles: string[]) => ({
  claims: { preferred_username: username, name: `Dr ${username}`, email: `${username}@hospital.test`, roles },
});

let idp: TestOidcProvider;
let test: TestApp;

beforeAll(async () => {
  idp = await startTestOidcProvider({
    redirectUri,
    users: {
      'sub-analyst': person('sso.analyst', ['lifeline-analysts', 'all-staff']),
      'sub-admin': person('sso.admin', ['lifeline-admins']),
      'sub-nobody': person('sso.nobody', ['all-staff']),
      'sub-local-clash': person('local.admin', ['lifeline-admins']),
    },
  });
  test = await createTestApp({
    config: {
      server: UNLIMITED,
      auth: {
        oidc: {
          issuer: idp.issuer,
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          redirectUri,
          roleMap: { 'lifeline-analysts': 'security-analyst', 'lifeline-admins': 'admin' },
          label: 'Hospital login',
        },
      },
    },
  });
  await seedUser(test.services, 'local.admin', 'admin');
});

afterAll(async () => {
  await test?.close();
  await idp?.close();
});

/** Starts at our server, signs in at the provider, and returns the callback path and pending cookie. */
async function viaProvider(accountId: string): Promise<{ callbackPath: string; pending: string }> {
  const start = await call(test.app, 'GET', '/api/auth/sso/start');
  expect(start.statusCode).toBe(302);
  const location = String(start.headers.location);
  expect(location.startsWith(`${idp.issuer}/`)).toBe(true);
  const pending = start.cookies.find((c) => c.name === PENDING_COOKIE);
  expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth/sso' });
  const callback = new URL(await idp.login(location, accountId));
  return { callbackPath: `${callback.pathname}${callback.search}`, pending: pending?.value ?? '' };
}

function callback(path: string, pending?: string): Promise<LightMyRequestResponse> {
  return test.app.inject({
    method: 'GET',
    url: path,
    ...(pending === undefined ? {} : { cookies: { [PENDING_COOKIE]: pending } }),
  });
}

const failures = async (reason: string) =>
  (await test.services.audit.list({ action: 'auth.login', outcome: 'failure' })).filter(
    (r) => r.details.reason === reason,
  );

describe('single sign-on through the server', () => {
  it('says SSO is offered, with its label', async () => {
    expect((await call(test.app, 'GET', '/api/auth/sso')).json()).toEqual({
      enabled: true,
      label: 'Hospital login',
    });
  });

  it('signs a person in with the role their groups map to', async () => {
    const { callbackPath, pending } = await viaProvider('sub-analyst');
    const response = await callback(callbackPath, pending);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
    const session = response.cookies.find((c) => c.name === 'lifeline_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const answer = await call(test.app, 'GET', '/api/auth/session', { as: { cookie: session?.value } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ user: User }>().user).toMatchObject({
      username: 'sso.analyst',
      displayName: 'Dr sso.analyst',
      role: 'security-analyst',
      source: 'oidc',
    });
    const [login] = await test.services.audit.list({
      action: 'auth.login',
      target: 'sso.analyst',
      outcome: 'success',
    });
    expect(login?.details).toMatchObject({ method: 'oidc' });
    // The one-time callback cannot be used again.
    const replay = await callback(callbackPath, pending);
    expect(replay.statusCode).toBe(401);
    expect(problemCode(replay)).toBe('AUTH_SSO_FAILED');
  });

  it('gives an SSO account no password sign-in', async () => {
    const { callbackPath, pending } = await viaProvider('sub-admin');
    expect((await callback(callbackPath, pending)).statusCode).toBe(302);
    const response = await tryLogin(test.app, 'sso.admin', GOOD_PASSWORD);
    expect(problemCode(response)).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses and audits a person whose groups map to no role when there is no default role', async () => {
    const { callbackPath, pending } = await viaProvider('sub-nobody');
    const response = await callback(callbackPath, pending);
    expect(response.statusCode).toBe(401);
    expect(problemCode(response)).toBe('AUTH_SSO_FAILED');
    expect(response.json()).toMatchObject({ reason: 'no-role-for-groups' });
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await test.services.auth.users.byUsername('sso.nobody')).toBeUndefined();
    expect((await failures('no-role-for-groups')).map((r) => r.target)).toContain('sso.nobody');
  });

  it('refuses a callback that arrives without the pending cookie', async () => {
    const { callbackPath } = await viaProvider('sub-analyst');
    const response = await callback(callbackPath);
    expect(response.statusCode).toBe(401);
    expect(problemCode(response)).toBe('AUTH_SSO_FAILED');
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await failures('no-pending-login')).not.toHaveLength(0);
  });

  it("refuses a callback carrying another browser's pending cookie", async () => {
    const mine = await viaProvider('sub-analyst');
    const theirs = await viaProvider('sub-analyst');
    const response = await callback(mine.callbackPath, theirs.pending);
    expect(response.statusCode).toBe(401);
    expect(problemCode(response)).toBe('AUTH_SSO_FAILED');
    expect(response.json()).toMatchObject({ reason: 'state_mismatch' });
  });

  it('never attaches a provider identity to a local account of the same name', async () => {
    const before = await test.services.auth.users.byUsername('local.admin');
    const { callbackPath, pending } = await viaProvider('sub-local-clash');
    const response = await callback(callbackPath, pending);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_SSO_FAILED', reason: 'local-account-has-that-name' });
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await test.services.auth.users.byUsername('local.admin')).toEqual(before);
    expect((await failures('local-account-has-that-name')).map((r) => r.target)).toContain('local.admin');
  });

  it('answers 404 AUTH_SSO_NOT_CONFIGURED where no provider is set up', async () => {
    const plain = await createTestApp();
    try {
      expect((await call(plain.app, 'GET', '/api/auth/sso')).json()).toEqual({ enabled: false });
      const start = await call(plain.app, 'GET', '/api/auth/sso/start');
      expect(start.statusCode).toBe(404);
      expect(problemCode(start)).toBe('AUTH_SSO_NOT_CONFIGURED');
    } finally {
      await plain.close();
    }
  });
});
