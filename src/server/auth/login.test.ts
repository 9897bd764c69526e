import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.js';
import {
  GOOD_PASSWORD,
  UNLIMITED,
  call,
  problemCode,
  seedUser,
  sessionCookieOf,
  signIn,
  tryLogin,
} from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';

const MINUTE = 60_000;
const clock = new ManualClock();
let test: TestApp;

beforeAll(async () => {
  test = await createTestApp({
    clock,
    config: { server: UNLIMITED, auth: { sessionIdleMinutes: 30, sessionMaxHours: 2 } },
  });
  await seedUser(test.services, 'admin', 'admin');
});

afterAll(async () => {
  await test.close();
});

const sessionStatus = async (cookie: string) =>
  (await call(test.app, 'GET', '/api/auth/session', { as: { cookie } })).statusCode;

async function loginAudits(target: string) {
  return test.services.audit.list({ action: 'auth.login', target });
}

describe('password sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers the user and CSRF token', async () => {
    await seedUser(test.services, 'nurse.ok', 'clinician');
    const response = await tryLogin(test.app, 'nurse.ok', GOOD_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'lifeline_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const body = response.json<{ status: string; user: { username: string }; csrfToken: string }>();
    expect(body.status).toBe('ok');
    expect(body.user.username).toBe('nurse.ok');
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(await sessionStatus(cookie?.value ?? '')).toBe(200);
    const [record] = await loginAudits('nurse.ok');
    expect(record).toMatchObject({ outcome: 'success', actor: 'nurse.ok' });
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const secure = await createTestApp({
      config: { server: { publicUrl: 'https://lifeline.hospital.test' } },
    });
    try {
      await seedUser(secure.services, 'nurse.tls', 'clinician');
      const response = await tryLogin(secure.app, 'nurse.tls', GOOD_PASSWORD);
      expect(response.cookies.find((c) => c.name === 'lifeline_session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password with AUTH_INVALID_CREDENTIALS and audits the failure', async () => {
    await seedUser(test.services, 'nurse.typo', 'clinician');
    const response = await tryLogin(test.app, 'nurse.typo', 'not-the-password-1');
    expect(response.statusCode).toBe(401);
    expect(problemCode(response)).toBe('AUTH_INVALID_CREDENTIALS');
    expect(sessionCookieOf(response)).toBeUndefined();
    const [record] = await loginAudits('nurse.typo');
    expect(record).toMatchObject({ outcome: 'failure', details: { reason: 'wrong-password' } });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    await seedUser(test.services, 'nurse.known', 'clinician');
    const unknown = await tryLogin(test.app, 'nobody.here', 'not-the-password-1');
    const wrong = await tryLogin(test.app, 'nurse.known', 'not-the-password-1');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.json()).toEqual(wrong.json());
    const [record] = await loginAudits('nobody.here');
    expect(record).toMatchObject({ outcome: 'failure' });
  });

  it('refuses a disabled user even with the right password', async () => {
    const user = await seedUser(test.services, 'nurse.gone', 'clinician');
    await test.services.users.update(user.id, { disabled: true }, { actor: 'system', sourceIp: null });
    const response = await tryLogin(test.app, 'nurse.gone', GOOD_PASSWORD);
    expect(response.statusCode).toBe(403);
    expect(problemCode(response)).toBe('AUTH_ACCOUNT_DISABLED');
    expect(sessionCookieOf(response)).toBeUndefined();
  });
});

describe('lockout', () => {
  async function failUntilLocked(username: string) {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await tryLogin(test.app, username, `wrong-password-${attempt}`);
      expect(problemCode(response)).toBe('AUTH_INVALID_CREDENTIALS');
    }
  }

  it('locks after five failures, even against the right password, and audits the lockout', async () => {
    await seedUser(test.services, 'nurse.locked', 'clinician');
    await failUntilLocked('nurse.locked');
    const response = await tryLogin(test.app, 'nurse.locked', GOOD_PASSWORD);
    expect(response.statusCode).toBe(423);
    expect(problemCode(response)).toBe('AUTH_ACCOUNT_LOCKED');
    expect(sessionCookieOf(response)).toBeUndefined();
    const lockouts = await test.services.audit.list({ action: 'auth.lockout', target: 'nurse.locked' });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]?.details).toMatchObject({ failures: 5 });
  });

  it('does not lock after four failures', async () => {
    await seedUser(test.services, 'nurse.four', 'clinician');
    for (let attempt = 1; attempt <= 4; attempt++)
      await tryLogin(test.app, 'nurse.four', `wrong-password-${attempt}`);
    expect((await tryLogin(test.app, 'nurse.four', GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('unlocks by itself after lockoutMinutes', async () => {
    await seedUser(test.services, 'nurse.wait', 'clinician');
    await failUntilLocked('nurse.wait');
    clock.advance(14 * MINUTE);
    expect((await tryLogin(test.app, 'nurse.wait', GOOD_PASSWORD)).statusCode).toBe(423);
    clock.advance(MINUTE + 1000);
    expect((await tryLogin(test.app, 'nurse.wait', GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('is lifted by an administrator', async () => {
    const user = await seedUser(test.services, 'nurse.unlock', 'clinician');
    await failUntilLocked('nurse.unlock');
    const admin = await signIn(test.app, 'admin');
    const listed = await call(test.app, 'GET', '/api/users', { as: admin });
    expect(listed.json<{ users: { username: string; locked: boolean }[] }>().users).toContainEqual(
      expect.objectContaining({ username: 'nurse.unlock', locked: true }),
    );
    const unlock = await call(test.app, 'POST', `/api/users/${user.id}/unlock`, { as: admin });
    expect(unlock.statusCode).toBe(204);
    expect((await tryLogin(test.app, 'nurse.unlock', GOOD_PASSWORD)).statusCode).toBe(200);
    expect(await test.services.audit.list({ action: 'user.unlock', target: 'nurse.unlock' })).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('issues a new session id on each sign-in and ends the one the browser presented', async () => {
    await seedUser(test.services, 'nurse.rotate', 'clinician');
    const first = await signIn(test.app, 'nurse.rotate');
    const again = await tryLogin(test.app, 'nurse.rotate', GOOD_PASSWORD, first.cookie);
    const second = sessionCookieOf(again);
    expect(second).toBeDefined();
    expect(second).not.toBe(first.cookie);
    expect(await sessionStatus(first.cookie)).toBe(401);
    expect(await sessionStatus(second ?? '')).toBe(200);
  });

  it('expires after sessionIdleMinutes without a request, and activity keeps it alive', async () => {
    await seedUser(test.services, 'nurse.idle', 'clinician');
    const { cookie } = await signIn(test.app, 'nurse.idle');
    for (let i = 0; i < 3; i++) {
      clock.advance(29 * MINUTE);
      expect(await sessionStatus(cookie)).toBe(200);
    }
    clock.advance(30 * MINUTE);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('expires after sessionMaxHours however active it is', async () => {
    await seedUser(test.services, 'nurse.long', 'clinician');
    const { cookie } = await signIn(test.app, 'nurse.long');
    for (let elapsed = 20; elapsed < 120; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect(await sessionStatus(cookie)).toBe(200);
    }
    clock.advance(20 * MINUTE);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('ends with logout, clears the cookie and audits it', async () => {
    await seedUser(test.services, 'nurse.bye', 'clinician');
    const session = await signIn(test.app, 'nurse.bye');
    const response = await call(test.app, 'POST', '/api/auth/logout', { as: session });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'lifeline_session')?.value).toBe('');
    expect(await sessionStatus(session.cookie)).toBe(401);
    expect(await test.services.audit.list({ action: 'auth.logout', actor: 'nurse.bye' })).toHaveLength(1);
  });
});
