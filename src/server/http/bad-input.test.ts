import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../kernel/config/schema.js';
import { type SignedIn, UNLIMITED, problemCode, seedUser, signIn, userCount } from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';

const BODY_LIMIT = 2048;
let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp({ config: { server: { ...UNLIMITED, bodyLimitBytes: BODY_LIMIT } } });
  await seedUser(test.services, 'admin', 'admin');
  admin = await signIn(test.app, 'admin');
});

afterAll(async () => {
  await test.close();
});

/** Sends a raw payload as the signed-in administrator, so only the body decides the answer. */
function send(url: string, payload: string, contentType = 'application/json') {
  return test.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': contentType,
      cookie: `lifeline_session=${admin.cookie}`,
      'x-csrf-token': admin.csrf,
    },
    payload,
  });
}

/** What a refused request must leave untouched: the users and the audit log. */
async function state() {
  return {
    users: await userCount(test.services),
    auditHead: (await test.services.audit.list({ limit: 1 }))[0]?.seq,
  };
}

const validUser = { username: 'new.user', displayName: 'New User', role: 'clinician' };

describe('bad input to POST /api/users', () => {
  it.each([
    ['truncated', '{"username": "new.user", '],
    ['not JSON at all', 'username=new.user'],
    ['empty', ''],
    ['trailing garbage', `${JSON.stringify(validUser)} x`],
  ])('refuses a %s JSON body with 400 VALIDATION_FAILED naming body', async (_label, payload) => {
    const before = await state();
    const response = await send('/api/users', payload);
    expect(response.statusCode).toBe(400);
    expect(problemCode(response)).toBe('VALIDATION_FAILED');
    expect(response.json()).toMatchObject({ field: 'body' });
    expect(await state()).toEqual(before);
  });

  it('refuses an unknown field and names it', async () => {
    const before = await state();
    const response = await send('/api/users', JSON.stringify({ ...validUser, isSuperuser: true }));
    expect(response.statusCode).toBe(400);
    expect(problemCode(response)).toBe('VALIDATION_FAILED');
    expect(response.json()).toMatchObject({
      fields: ['body.isSuperuser'],
      errors: [{ path: 'body.isSuperuser', message: 'unknown field' }],
    });
    expect(await state()).toEqual(before);
  });

  it.each([
    ['username', 42],
    ['role', 'superuser'],
    ['email', 'not-an-email'],
    ['displayName', ['a', 'list']],
  ])('refuses a wrong %s and names it', async (field, value) => {
    const before = await state();
    const response = await send('/api/users', JSON.stringify({ ...validUser, [field]: value }));
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      `body.${field}`,
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses a body over server.bodyLimitBytes with 413 BODY_TOO_LARGE', async () => {
    const before = await state();
    const payload = JSON.stringify({ ...validUser, displayName: 'x'.repeat(BODY_LIMIT) });
    const response = await send('/api/users', payload);
    expect(response.statusCode).toBe(413);
    expect(problemCode(response)).toBe('BODY_TOO_LARGE');
    const login = await send(
      '/api/auth/login',
      JSON.stringify({ username: 'admin', password: 'p'.repeat(BODY_LIMIT) }),
    );
    expect(login.statusCode).toBe(413);
    expect(await state()).toEqual(before);
  });

  it('refuses a body that is not sent as JSON', async () => {
    const before = await state();
    const response = await send('/api/users', '<user/>', 'application/xml');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
    expect(await state()).toEqual(before);
  });

  it('refuses a prototype-polluting body without creating anything', async () => {
    const before = await state();
    const response = await send(
      '/api/users',
      `{"__proto__": {"role": "admin"}, "username": "proto", "displayName": "P", "role": "trainer"}`,
    );
    expect(response.statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });
});

// Keys the routes know, mixed with arbitrary ones, so that generated bodies reach past the first check.
const userKey = fc.constantFrom('username', 'displayName', 'email', 'role', 'password');
const loginKey = fc.constantFrom('username', 'password');
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(...ROLES, 'admin', '', ' ', 'a@b.c', 'correct-horse-battery-42'),
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z0-9][a-z0-9._@-]{1,20}$/));
const bodyFor = (key: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.oneof(key, fc.string({ maxLength: 12 })), value, { maxKeys: 6 }),
    // Well-typed bodies, so that the services behind the schema meet odd but valid strings too.
    fc.record(
      {
        username: text,
        displayName: text,
        role: fc.constantFrom(...ROLES),
        password: text,
        email: fc.option(fc.emailAddress()),
      },
      { requiredKeys: [] },
    ),
  );

describe('fuzzing', () => {
  it('never answers POST /api/users with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(userKey), async (body) => {
        const response = await send('/api/users', JSON.stringify(body));
        expect(response.statusCode, response.body).toBeLessThan(500);
        expect(response.statusCode === 201 || problemCode(response) !== '').toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers POST /api/auth/login with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(loginKey), async (body) => {
        const response = await send('/api/auth/login', JSON.stringify(body));
        expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers raw text sent as JSON with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (payload) => {
        for (const url of ['/api/users', '/api/auth/login']) {
          const response = await send(url, payload);
          expect(response.statusCode, `${url} ${response.body}`).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
  });
});
