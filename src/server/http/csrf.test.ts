import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../auth/types.js';
import { type SignedIn, UNLIMITED, call, problemCode, seedUser, signIn, userCount } from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';

let test: TestApp;
let admin: SignedIn;
let nurse: User;
let tokenId: string;
let bearer: string;

beforeAll(async () => {
  test = await createTestApp({ config: { server: UNLIMITED } });
  await seedUser(test.services, 'admin', 'admin');
  nurse = await seedUser(test.services, 'nurse', 'clinician');
  admin = await signIn(test.app, 'admin');
  const created = await test.services.tokens.create(
    admin.user,
    { name: 'automation', scopes: ['users.manage', 'users.read', 'tokens.manage'] },
    'admin',
    null,
  );
  tokenId = created.token.id;
  bearer = created.secret;
});

afterAll(async () => {
  await test.close();
});

interface Change {
  method: HTTPMethods;
  url: () => string;
  body?: unknown;
}

const changes: Record<string, Change> = {
  'POST /api/users': {
    method: 'POST',
    url: () => '/api/users',
    body: { username: 'intruder', displayName: 'Intruder', role: 'admin' },
  },
  'PATCH /api/users/:id': { method: 'PATCH', url: () => `/api/users/${nurse.id}`, body: { role: 'admin' } },
  'PUT /api/settings/mfa-policy': {
    method: 'PUT',
    url: () => '/api/settings/mfa-policy',
    body: { requiredRoles: ['clinician'] },
  },
  'DELETE /api/tokens/:id': { method: 'DELETE', url: () => `/api/tokens/${tokenId}` },
};

/** Everything a forged request above could have changed, so a refusal can be shown to change nothing. */
async function snapshot() {
  const nurseRow = await test.services.auth.users.byId(nurse.id);
  const tokens = await test.services.tokens.list(null);
  return {
    users: await userCount(test.services),
    nurseRole: nurseRow?.role,
    policy: await test.services.settings.mfaPolicy(),
    revoked: tokens.map((token) => token.revokedAt),
    // The refusal itself is audited (access.denied); no other record may appear.
    auditHead: (await test.services.audit.list({ limit: 50 })).find((r) => r.action !== 'access.denied')?.seq,
  };
}

describe('CSRF protection of cookie-authenticated changes', () => {
  for (const [name, change] of Object.entries(changes)) {
    for (const [label, csrf] of [
      ['without a token', undefined],
      ['with a wrong token', 'forged-csrf-token-value'],
      ['with an empty token', ''],
    ] as const) {
      it(`refuses ${name} ${label} and changes nothing`, async () => {
        const before = await snapshot();
        const response = await call(test.app, change.method, change.url(), {
          as: { cookie: admin.cookie },
          ...(csrf === undefined ? {} : { headers: { 'x-csrf-token': csrf } }),
          ...(change.body === undefined ? {} : { body: change.body }),
        });
        expect(response.statusCode).toBe(403);
        expect(problemCode(response)).toBe('AUTH_CSRF_INVALID');
        expect(await snapshot()).toEqual(before);
        const [refusal] = await test.services.audit.list({ limit: 1 });
        expect(refusal).toMatchObject({
          action: 'access.denied',
          outcome: 'denied',
          details: { reason: 'csrf' },
        });
      });
    }
  }

  it("refuses another session's CSRF token", async () => {
    await seedUser(test.services, 'second.admin', 'admin');
    const other = await signIn(test.app, 'second.admin');
    const before = await snapshot();
    const response = await call(test.app, 'PATCH', `/api/users/${nurse.id}`, {
      as: { cookie: admin.cookie, csrf: other.csrf },
      body: { role: 'admin' },
    });
    expect(problemCode(response)).toBe('AUTH_CSRF_INVALID');
    expect(await snapshot()).toEqual(before);
  });

  it('needs no token for reads', async () => {
    const response = await call(test.app, 'GET', '/api/users', { as: { cookie: admin.cookie } });
    expect(response.statusCode).toBe(200);
  });

  it('accepts the change with the right token', async () => {
    const response = await call(test.app, 'PATCH', `/api/users/${nurse.id}`, {
      as: admin,
      body: { displayName: 'Nurse N.' },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('need no CSRF token for changes', async () => {
    const created = await call(test.app, 'POST', '/api/users', {
      as: { bearer },
      body: { username: 'scripted', displayName: 'Created by a script', role: 'trainer' },
    });
    expect(created.statusCode).toBe(201);
    const patched = await call(test.app, 'PATCH', `/api/users/${nurse.id}`, {
      as: { bearer },
      body: { displayName: 'Nurse B.' },
    });
    expect(patched.statusCode).toBe(200);
    const revoked = await call(test.app, 'DELETE', `/api/tokens/${tokenId}`, { as: { bearer } });
    expect(revoked.statusCode).toBe(204);
  });
});
