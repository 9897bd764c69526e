import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/connect.js';
import { testEngines } from '../../kernel/db/testkit.js';
import {
  type SignedIn,
  GOOD_PASSWORD,
  UNLIMITED,
  call,
  problemCode,
  seedUser,
  sessionCookieOf,
  signIn,
  tryLogin,
} from '../http.testkit.js';
import { allMigrations } from '../platform.js';
import { type TestApp, createTestApp } from '../testkit.js';
import { timeStep, totpAt } from './totp.js';
import type { ApiToken, User } from './types.js';

const MINUTE = 60_000;

// The account stores behind the HTTP flows, on every engine a site may run (PostgreSQL when
// LIFELINE_TEST_PG_URL is set).
for (const engine of testEngines()) {
  describe(`account flows on ${engine.engine}`, () => {
    const clock = new ManualClock();
    let database: Database;
    let test: TestApp;
    let admin: SignedIn;

    beforeAll(async () => {
      database = await engine.open(allMigrations());
      test = await createTestApp({ database, clock, config: { server: UNLIMITED } });
      await seedUser(test.services, 'admin', 'admin');
      admin = await signIn(test.app, 'admin');
    });

    afterAll(async () => {
      await test.close();
      await database.close();
    });

    it('opens a second isolated database while this one is open', async () => {
      // Test files run in parallel against one PostgreSQL server, each in its own schema.
      const other = await engine.open(allMigrations());
      try {
        expect(await other.db.selectFrom('users').selectAll().execute()).toEqual([]);
      } finally {
        await other.close();
      }
    });

    const sessionStatus = async (cookie: string) =>
      (await call(test.app, 'GET', '/api/auth/session', { as: { cookie } })).statusCode;

    it('signs in, locks out, unlocks with time, expires idle sessions and logs out', async () => {
      await seedUser(test.services, 'nurse', 'clinician');
      for (let i = 0; i < 5; i++)
        expect(problemCode(await tryLogin(test.app, 'nurse', `wrong-password-${i}`))).toBe(
          'AUTH_INVALID_CREDENTIALS',
        );
      expect(problemCode(await tryLogin(test.app, 'nurse', GOOD_PASSWORD))).toBe('AUTH_ACCOUNT_LOCKED');
      expect(await test.services.audit.list({ action: 'auth.lockout', target: 'nurse' })).toHaveLength(1);
      clock.advance(16 * MINUTE);
      admin = await signIn(test.app, 'admin');

      const nurse = await signIn(test.app, 'nurse');
      expect(await sessionStatus(nurse.cookie)).toBe(200);
      clock.advance(31 * MINUTE);
      expect(await sessionStatus(nurse.cookie)).toBe(401);
      admin = await signIn(test.app, 'admin');

      const again = await signIn(test.app, 'nurse');
      expect((await call(test.app, 'POST', '/api/auth/logout', { as: again })).statusCode).toBe(204);
      expect(await sessionStatus(again.cookie)).toBe(401);
    });

    it('administers users: create, duplicate, role change, last admin, disable', async () => {
      const created = await call(test.app, 'POST', '/api/users', {
        as: admin,
        body: {
          username: 'Analyst.One',
          displayName: 'Analyst One',
          role: 'security-analyst',
          email: 'a1@hospital.test',
        },
      });
      expect(created.statusCode).toBe(201);
      const { user, initialPassword } = created.json<{ user: User; initialPassword: string }>();
      const analyst = await signIn(test.app, 'analyst.one', initialPassword);
      expect(analyst.user).toMatchObject({
        username: 'analyst.one',
        email: 'a1@hospital.test',
        locked: false,
        disabled: false,
      });

      const duplicate = await call(test.app, 'POST', '/api/users', {
        as: admin,
        body: { username: 'ANALYST.one', displayName: 'X', role: 'trainer' },
      });
      expect(problemCode(duplicate)).toBe('USER_EXISTS');

      const demoted = await call(test.app, 'PATCH', `/api/users/${user.id}`, {
        as: admin,
        body: { role: 'auditor' },
      });
      expect(demoted.json()).toMatchObject({ user: { role: 'auditor' } });
      expect(await sessionStatus(analyst.cookie)).toBe(401);
      const [change] = await test.services.audit.list({ action: 'user.role.change', target: 'analyst.one' });
      expect(change?.details).toEqual({ before: 'security-analyst', after: 'auditor' });

      expect(
        problemCode(
          await call(test.app, 'PATCH', `/api/users/${admin.user.id}`, {
            as: admin,
            body: { disabled: true },
          }),
        ),
      ).toBe('USER_LAST_ADMIN');
      await call(test.app, 'PATCH', `/api/users/${user.id}`, { as: admin, body: { disabled: true } });
      expect(problemCode(await tryLogin(test.app, 'analyst.one', initialPassword))).toBe(
        'AUTH_ACCOUNT_DISABLED',
      );
      const listed = await call(test.app, 'GET', '/api/users', { as: admin });
      expect(listed.json<{ users: User[] }>().users.find((u) => u.username === 'analyst.one')).toMatchObject({
        disabled: true,
        role: 'auditor',
      });
    });

    it('creates, uses, narrows, expires and revokes API tokens', async () => {
      const create = (body: object) => call(test.app, 'POST', '/api/tokens', { as: admin, body });
      const reader = (await create({ name: 'reader', scopes: ['audit.read'] })).json<{
        token: ApiToken;
        secret: string;
      }>();
      const dated = (await create({ name: 'dated', scopes: ['users.read'], expiresInDays: 2 })).json<{
        secret: string;
      }>();
      const bearer = (secret: string, url: string) => call(test.app, 'GET', url, { as: { bearer: secret } });

      expect((await bearer(reader.secret, '/api/audit')).statusCode).toBe(200);
      expect(problemCode(await bearer(reader.secret, '/api/users'))).toBe('AUTH_FORBIDDEN');
      const row = await database.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', reader.token.id)
        .executeTakeFirst();
      expect(JSON.stringify(row)).not.toContain(reader.secret.slice(4));

      expect((await bearer(dated.secret, '/api/users')).statusCode).toBe(200);
      clock.advance(2 * 24 * 60 * MINUTE);
      expect(problemCode(await bearer(dated.secret, '/api/users'))).toBe('AUTH_TOKEN_INVALID');
      admin = await signIn(test.app, 'admin');

      expect(
        (await call(test.app, 'DELETE', `/api/tokens/${reader.token.id}`, { as: admin })).statusCode,
      ).toBe(204);
      expect(problemCode(await bearer(reader.secret, '/api/audit'))).toBe('AUTH_TOKEN_INVALID');
      const tokens = (await call(test.app, 'GET', '/api/tokens', { as: admin })).json<{
        tokens: ApiToken[];
      }>().tokens;
      expect(tokens.find((t) => t.id === reader.token.id)?.revokedAt).toBe(clock.now().toISOString());
      expect(await test.services.audit.list({ action: 'token.' })).toHaveLength(3);
    });

    it('enrols TOTP and signs in with it, refusing a replay', async () => {
      await seedUser(test.services, 'commander', 'incident-commander');
      const session = await signIn(test.app, 'commander');
      const { secret } = (await call(test.app, 'POST', '/api/me/mfa/enrol', { as: session })).json<{
        secret: string;
      }>();
      const confirm = await call(test.app, 'POST', '/api/me/mfa/confirm', {
        as: session,
        body: { code: totpAt(secret, timeStep(clock.now())) },
      });
      expect(confirm.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);

      clock.advance(30_000);
      const code = totpAt(secret, timeStep(clock.now()));
      const pending = sessionCookieOf(await tryLogin(test.app, 'commander', GOOD_PASSWORD));
      const done = await call(test.app, 'POST', '/api/auth/mfa', { as: { cookie: pending }, body: { code } });
      expect(done.json()).toMatchObject({ status: 'ok' });
      const replayPending = sessionCookieOf(await tryLogin(test.app, 'commander', GOOD_PASSWORD));
      const replay = await call(test.app, 'POST', '/api/auth/mfa', {
        as: { cookie: replayPending },
        body: { code },
      });
      expect(problemCode(replay)).toBe('AUTH_MFA_INVALID');
    });

    it('purges expired sessions and keeps an intact audit chain', async () => {
      clock.advance(13 * 60 * MINUTE);
      expect(await test.services.auth.sessions.purgeExpired()).toBeGreaterThan(0);
      expect(await database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      admin = await signIn(test.app, 'admin');
      const verify = await call(test.app, 'GET', '/api/audit/verify', { as: admin });
      expect(verify.json()).toMatchObject({ ok: true });
      expect(verify.json<{ records: number }>().records).toBeGreaterThan(20);
    });
  });
}
