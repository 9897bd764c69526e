import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.js';
import { sha256Hex } from '../../kernel/crypto/random.js';
import { type SignedIn, UNLIMITED, call, problemCode, seedUser, signIn } from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';
import type { ApiToken } from './types.js';

const DAY = 86_400_000;
const clock = new ManualClock();
let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp({ clock, config: { server: UNLIMITED } });
  await seedUser(test.services, 'admin', 'admin');
});

afterAll(async () => {
  await test.close();
});

async function createToken(as: SignedIn, body: object): Promise<{ token: ApiToken; secret: string }> {
  const response = await call(test.app, 'POST', '/api/tokens', { as, body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const withToken = (bearer: string, url: string) => call(test.app, 'GET', url, { as: { bearer } });

describe('API tokens', () => {
  beforeAll(async () => {
    admin = await signIn(test.app, 'admin');
  });

  it('shows the secret once and stores only its hash', async () => {
    const { token, secret } = await createToken(admin, { name: 'siem-export', scopes: ['audit.read'] });
    expect(secret).toMatch(/^llt_[A-Za-z0-9_-]{40,}$/);
    expect(token).toMatchObject({
      name: 'siem-export',
      owner: 'admin',
      scopes: ['audit.read'],
      revokedAt: null,
    });

    const row = await test.services.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirst();
    expect(row?.secret_hash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(4));

    const listed = await call(test.app, 'GET', '/api/tokens', { as: admin });
    expect(listed.json<{ tokens: ApiToken[] }>().tokens.map((t) => t.id)).toContain(token.id);
    expect(listed.body).not.toContain(secret.slice(4));
    const [audit] = await test.services.audit.list({ action: 'token.create', target: token.id });
    expect(audit).toMatchObject({
      actor: 'admin',
      outcome: 'success',
      details: { name: 'siem-export', owner: 'admin' },
    });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(4));
  });

  it('works as a Bearer credential, narrowed to its scopes even when the owner is an admin', async () => {
    const { secret } = await createToken(admin, { name: 'reader', scopes: ['audit.read'] });
    expect((await withToken(secret, '/api/audit')).statusCode).toBe(200);
    const users = await withToken(secret, '/api/users');
    expect(users.statusCode).toBe(403);
    expect(problemCode(users)).toBe('AUTH_FORBIDDEN');
    const [denied] = await test.services.audit.list({ action: 'access.denied', actor: 'token:reader@admin' });
    expect(denied?.target).toBe('GET /api/users');
    // Self-service routes belong to the person at the console, never to a token.
    const session = await withToken(secret, '/api/auth/session');
    expect(problemCode(session)).toBe('AUTH_FORBIDDEN');
  });

  it('cannot be given a scope its owner lacks', async () => {
    await seedUser(test.services, 'analyst', 'security-analyst');
    const analyst = await signIn(test.app, 'analyst');
    const response = await call(test.app, 'POST', '/api/tokens', {
      as: analyst,
      body: { name: 'escalate', scopes: ['audit.read', 'users.manage'] },
    });
    expect(response.statusCode).toBe(400);
    expect(problemCode(response)).toBe('VALIDATION_FAILED');
    expect(response.json()).toMatchObject({ field: 'scopes', refused: ['users.manage'] });
    expect((await test.services.tokens.list(null)).map((t) => t.name)).not.toContain('escalate');
  });

  it('refuses a revoked token with AUTH_TOKEN_INVALID and audits the revocation', async () => {
    const { token, secret } = await createToken(admin, { name: 'to-revoke', scopes: ['audit.read'] });
    expect((await withToken(secret, '/api/audit')).statusCode).toBe(200);
    expect((await call(test.app, 'DELETE', `/api/tokens/${token.id}`, { as: admin })).statusCode).toBe(204);
    const refused = await withToken(secret, '/api/audit');
    expect(refused.statusCode).toBe(401);
    expect(problemCode(refused)).toBe('AUTH_TOKEN_INVALID');
    const [audit] = await test.services.audit.list({ action: 'token.revoke', target: token.id });
    expect(audit).toMatchObject({ actor: 'admin', outcome: 'success' });
  });

  it('refuses an expired token', async () => {
    const { secret } = await createToken(admin, {
      name: 'short-lived',
      scopes: ['audit.read'],
      expiresInDays: 1,
    });
    clock.advance(DAY - 60_000);
    expect((await withToken(secret, '/api/audit')).statusCode).toBe(200);
    clock.advance(60_000);
    const expired = await withToken(secret, '/api/audit');
    expect(expired.statusCode).toBe(401);
    expect(problemCode(expired)).toBe('AUTH_TOKEN_INVALID');
    admin = await signIn(test.app, 'admin');
  });

  it('stops working when its owner is disabled, and loses what a demoted owner lost', async () => {
    const owner = await seedUser(test.services, 'analyst.two', 'security-analyst');
    const { secret } = await createToken(await signIn(test.app, 'analyst.two'), {
      name: 'pipeline',
      scopes: ['audit.read', 'tokens.manage'],
    });
    expect((await withToken(secret, '/api/tokens')).statusCode).toBe(200);

    await call(test.app, 'PATCH', `/api/users/${owner.id}`, {
      as: admin,
      body: { role: 'incident-commander' },
    });
    expect((await withToken(secret, '/api/audit')).statusCode).toBe(200);
    expect(problemCode(await withToken(secret, '/api/tokens'))).toBe('AUTH_FORBIDDEN');

    await call(test.app, 'PATCH', `/api/users/${owner.id}`, { as: admin, body: { disabled: true } });
    const refused = await withToken(secret, '/api/audit');
    expect(refused.statusCode).toBe(401);
    expect(problemCode(refused)).toBe('AUTH_TOKEN_INVALID');
  });

  it('refuses made-up and malformed secrets', async () => {
    for (const secret of ['llt_not-a-real-token', 'not-even-prefixed', 'llt_']) {
      const response = await withToken(secret, '/api/audit');
      expect(response.statusCode, secret).toBe(401);
    }
  });

  it("reports someone else's token as missing rather than revoking it", async () => {
    const { token, secret } = await createToken(admin, { name: 'admin-only', scopes: ['audit.read'] });
    const analyst = await signIn(test.app, 'analyst');
    const response = await call(test.app, 'DELETE', `/api/tokens/${token.id}`, { as: analyst });
    expect(response.statusCode).toBe(404);
    expect(problemCode(response)).toBe('TOKEN_NOT_FOUND');
    expect((await withToken(secret, '/api/audit')).statusCode).toBe(200);
    const own = await call(test.app, 'GET', '/api/tokens', { as: analyst });
    expect(own.json<{ tokens: ApiToken[] }>().tokens.every((t) => t.owner === 'analyst')).toBe(true);
  });
});
