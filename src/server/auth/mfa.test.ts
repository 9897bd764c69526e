import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.js';
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
import { type TestApp, createTestApp } from '../testkit.js';
import { timeStep, totpAt } from './totp.js';

const STEP_MS = 30_000;
const clock = new ManualClock();
let test: TestApp;

beforeAll(async () => {
  test = await createTestApp({ clock, config: { server: UNLIMITED } });
  await seedUser(test.services, 'admin', 'admin');
});

afterAll(async () => {
  await test.close();
});

/** The code an authenticator app would show now; the clock moves on first so no step is reused. */
function freshCode(secret: string): string {
  clock.advance(STEP_MS);
  return totpAt(secret, timeStep(clock.now()));
}

/** Six digits that no step within the accepted drift produces. */
function wrongCode(secret: string): string {
  const now = timeStep(clock.now());
  const valid = new Set([now - 1, now, now + 1].map((step) => totpAt(secret, step)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

async function enrol(session: SignedIn): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await call(test.app, 'POST', '/api/me/mfa/enrol', { as: session });
  expect(started.statusCode).toBe(200);
  const { secret } = started.json<{ secret: string }>();
  const confirmed = await call(test.app, 'POST', '/api/me/mfa/confirm', {
    as: session,
    body: { code: freshCode(secret) },
  });
  expect(confirmed.statusCode).toBe(200);
  return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** First step of a sign-in for an enrolled user: returns the pending cookie. */
async function passwordStep(username: string): Promise<string> {
  const response = await tryLogin(test.app, username, GOOD_PASSWORD);
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'mfa-required' });
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error('no pending cookie');
  return cookie;
}

const secondStep = (pending: string, code: string) =>
  call(test.app, 'POST', '/api/auth/mfa', { as: { cookie: pending }, body: { code } });

describe('enrolment', () => {
  it('answers a secret, otpauth URL and QR code, and activates nothing until confirmed', async () => {
    await seedUser(test.services, 'analyst.enrol', 'security-analyst');
    const session = await signIn(test.app, 'analyst.enrol');
    const started = await call(test.app, 'POST', '/api/me/mfa/enrol', { as: session });
    const body = started.json<{ secret: string; otpauthUrl: string; qrSvg: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
    expect(body.qrSvg).toContain('<svg');
    expect((await tryLogin(test.app, 'analyst.enrol', GOOD_PASSWORD)).json()).toMatchObject({ status: 'ok' });

    const wrong = await call(test.app, 'POST', '/api/me/mfa/confirm', {
      as: session,
      body: { code: wrongCode(body.secret) },
    });
    expect(problemCode(wrong)).toBe('AUTH_MFA_INVALID');
    const failed = await test.services.audit.list({ action: 'auth.mfa.enrol', target: 'analyst.enrol' });
    expect(failed[0]?.outcome).toBe('failure');

    const confirmed = await call(test.app, 'POST', '/api/me/mfa/confirm', {
      as: session,
      body: { code: freshCode(body.secret) },
    });
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const stored = JSON.stringify(
      await test.services.database.db.selectFrom('recovery_codes').selectAll().execute(),
    );
    for (const code of recoveryCodes) expect(stored).not.toContain(code);
    expect(
      (await test.services.audit.list({ action: 'auth.mfa.enrol', target: 'analyst.enrol' }))[0]?.outcome,
    ).toBe('success');
  });
});

describe('sign-in with a second factor', () => {
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    await seedUser(test.services, 'analyst.mfa', 'security-analyst');
    ({ secret, recoveryCodes } = await enrol(await signIn(test.app, 'analyst.mfa')));
  });

  it('grants nothing but /api/auth/mfa until the code is given', async () => {
    const pending = await passwordStep('analyst.mfa');
    for (const [method, url] of [
      ['GET', '/api/auth/session'],
      ['GET', '/api/audit'],
      ['GET', '/api/tokens'],
      ['POST', '/api/me/mfa/enrol'],
    ] as const) {
      const response = await call(test.app, method, url, { as: { cookie: pending } });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    const wrong = await secondStep(pending, wrongCode(secret));
    expect(wrong.statusCode).toBe(401);
    expect(problemCode(wrong)).toBe('AUTH_MFA_INVALID');

    const done = await secondStep(pending, freshCode(secret));
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'ok', user: { username: 'analyst.mfa', mfaEnabled: true } });
    const full = sessionCookieOf(done);
    expect(full).toBeDefined();
    expect(full).not.toBe(pending);
    expect((await call(test.app, 'GET', '/api/audit', { as: { cookie: full } })).statusCode).toBe(200);
    // The pending id is spent: it can neither finish again nor act as a session.
    expect((await secondStep(pending, freshCode(secret))).statusCode).toBe(401);
    expect((await call(test.app, 'GET', '/api/auth/session', { as: { cookie: pending } })).statusCode).toBe(
      401,
    );
  });

  it('refuses a code that was already used', async () => {
    const code = freshCode(secret);
    expect((await secondStep(await passwordStep('analyst.mfa'), code)).statusCode).toBe(200);
    const replay = await secondStep(await passwordStep('analyst.mfa'), code);
    expect(replay.statusCode).toBe(401);
    expect(problemCode(replay)).toBe('AUTH_MFA_INVALID');
  });

  it('accepts each recovery code once only', async () => {
    const [first = '', second = ''] = recoveryCodes;
    expect((await secondStep(await passwordStep('analyst.mfa'), first)).statusCode).toBe(200);
    const again = await secondStep(await passwordStep('analyst.mfa'), first);
    expect(problemCode(again)).toBe('AUTH_MFA_INVALID');
    // Typed from a printout: upper case, without dashes.
    const typed = second.replaceAll('-', '').toUpperCase();
    expect((await secondStep(await passwordStep('analyst.mfa'), typed)).statusCode).toBe(200);
    const methods = (
      await test.services.audit.list({ action: 'auth.login', target: 'analyst.mfa', outcome: 'success' })
    ).map((record) => record.details.method);
    expect(methods.filter((method) => method === 'recovery-code')).toHaveLength(2);
  });

  it('forgets a pending sign-in after five minutes', async () => {
    const pending = await passwordStep('analyst.mfa');
    clock.advance(6 * 60_000);
    const late = await secondStep(pending, freshCode(secret));
    expect(problemCode(late)).toBe('AUTH_REQUIRED');
  });

  it('locks the account after five wrong codes', async () => {
    await seedUser(test.services, 'analyst.guess', 'security-analyst');
    const { secret: own } = await enrol(await signIn(test.app, 'analyst.guess'));
    const pending = await passwordStep('analyst.guess');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(problemCode(await secondStep(pending, wrongCode(own))));
    expect(codes).toEqual([
      'AUTH_MFA_INVALID',
      'AUTH_MFA_INVALID',
      'AUTH_MFA_INVALID',
      'AUTH_MFA_INVALID',
      'AUTH_ACCOUNT_LOCKED',
    ]);
    expect(problemCode(await tryLogin(test.app, 'analyst.guess', GOOD_PASSWORD))).toBe('AUTH_ACCOUNT_LOCKED');
  });
});

describe('MFA policy', () => {
  it('holds a user of a required role to self-service until they enrol', async () => {
    const admin = await signIn(test.app, 'admin');
    const policy = await call(test.app, 'PUT', '/api/settings/mfa-policy', {
      as: admin,
      body: { requiredRoles: ['auditor'] },
    });
    expect(policy.json()).toEqual({ requiredRoles: ['auditor'] });
    expect(await test.services.audit.list({ action: 'settings.mfa-policy.change' })).toHaveLength(1);
    const auditor = await seedUser(test.services, 'auditor.policy', 'auditor');

    const login = await tryLogin(test.app, 'auditor.policy', GOOD_PASSWORD);
    expect(login.json()).toMatchObject({ status: 'ok', mfaEnrolmentRequired: true });
    const session = { cookie: sessionCookieOf(login), csrf: login.json<{ csrfToken: string }>().csrfToken };
    const blocked = await call(test.app, 'GET', '/api/audit', { as: session });
    expect(blocked.statusCode).toBe(403);
    expect(problemCode(blocked)).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    expect((await call(test.app, 'GET', '/api/auth/session', { as: session })).json()).toMatchObject({
      mfaEnrolmentRequired: true,
    });

    const { secret } = await enrol(session as SignedIn);
    expect((await call(test.app, 'GET', '/api/audit', { as: session })).statusCode).toBe(200);

    const disable = await call(test.app, 'DELETE', '/api/me/mfa', {
      as: session,
      body: { code: freshCode(secret) },
    });
    expect(disable.statusCode).toBe(409);
    expect(problemCode(disable)).toBe('CONFLICT');
    expect((await test.services.auth.users.byId(auditor.id))?.mfa_enabled).toBe(1);

    const reset = await call(test.app, 'POST', `/api/users/${auditor.id}/reset-mfa`, { as: admin });
    expect(reset.statusCode).toBe(204);
    expect(
      await test.services.audit.list({ action: 'user.mfa.reset', target: 'auditor.policy' }),
    ).toHaveLength(1);
    const blockedAgain = await call(test.app, 'GET', '/api/audit', { as: session });
    expect(problemCode(blockedAgain)).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    const relogin = await tryLogin(test.app, 'auditor.policy', GOOD_PASSWORD);
    expect(relogin.json()).toMatchObject({
      status: 'ok',
      mfaEnrolmentRequired: true,
      user: { mfaEnabled: false },
    });
  });

  it('lets a user whose role does not require MFA turn it off with a valid code', async () => {
    await seedUser(test.services, 'trainer.optional', 'trainer');
    const session = await signIn(test.app, 'trainer.optional');
    const { secret } = await enrol(session);
    const wrong = await call(test.app, 'DELETE', '/api/me/mfa', {
      as: session,
      body: { code: wrongCode(secret) },
    });
    expect(problemCode(wrong)).toBe('AUTH_MFA_INVALID');
    const off = await call(test.app, 'DELETE', '/api/me/mfa', {
      as: session,
      body: { code: freshCode(secret) },
    });
    expect(off.statusCode).toBe(204);
    expect((await tryLogin(test.app, 'trainer.optional', GOOD_PASSWORD)).json()).toMatchObject({
      status: 'ok',
    });
  });
});
