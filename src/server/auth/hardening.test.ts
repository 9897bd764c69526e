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

const clock = new ManualClock();
let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp({ clock, config: { server: UNLIMITED } });
  await seedUser(test.services, 'admin', 'admin');
  admin = await signIn(test.app, 'admin');
});

afterAll(async () => {
  await test.close();
});

async function tokenFor(as: SignedIn | { bearer: string }, scopes: string[], name = `t${scopes.join('-')}`) {
  return call(test.app, 'POST', '/api/tokens', { as, body: { name, scopes } });
}

describe('API tokens cannot widen their own rights', () => {
  it('refuses a token minting a token with scopes it does not hold itself', async () => {
    const narrow = (await tokenFor(admin, ['tokens.manage'])).json<{ secret: string }>().secret;
    const wider = await tokenFor({ bearer: narrow }, ['users.manage', 'settings.manage']);
    expect(wider.statusCode).toBe(400);
    expect(wider.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      refused: ['users.manage', 'settings.manage'],
    });
    expect((await tokenFor({ bearer: narrow }, ['tokens.manage'], 'same')).statusCode).toBe(201);
  });

  it('keeps tokens out of self-service: no MFA enrolment, no password change, no session', async () => {
    const secret = (await tokenFor(admin, ['audit.read'])).json<{ secret: string }>().secret;
    for (const [method, url, body] of [
      ['POST', '/api/me/mfa/enrol', undefined],
      ['POST', '/api/me/password', { currentPassword: 'x', newPassword: 'y' }],
      ['GET', '/api/auth/session', undefined],
    ] as const) {
      const response = await call(test.app, method, url, { as: { bearer: secret }, body });
      expect({ url, code: problemCode(response) }).toEqual({ url, code: 'AUTH_FORBIDDEN' });
    }
  });
});

describe('second factor', () => {
  /** Signs a new user in and enrols their second factor. */
  async function enrolledUser(username: string): Promise<SignedIn> {
    await seedUser(test.services, username, 'clinician');
    const session = await signIn(test.app, username);
    const enrol = await call(test.app, 'POST', '/api/me/mfa/enrol', { as: session });
    const { secret } = enrol.json<{ secret: string }>();
    clock.advance(30_000);
    const code = totpAt(secret, timeStep(clock.now()));
    const confirmed = await call(test.app, 'POST', '/api/me/mfa/confirm', { as: session, body: { code } });
    expect(confirmed.statusCode).toBe(200);
    return session;
  }

  it('refuses to replace a working second factor by enrolling again', async () => {
    const session = await enrolledUser('enrolled');
    const again = await call(test.app, 'POST', '/api/me/mfa/enrol', { as: session });
    expect(again.statusCode).toBe(409);
  });

  it('keeps counting wrong codes across fresh password sign-ins until the account locks', async () => {
    await enrolledUser('guesser');
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const pending = sessionCookieOf(await tryLogin(test.app, 'guesser', GOOD_PASSWORD));
      for (let guess = 0; guess < 2 && pending; guess++) {
        const answer = await call(test.app, 'POST', '/api/auth/mfa', {
          as: { cookie: pending },
          body: { code: '000000' },
        });
        answers.push(problemCode(answer));
      }
    }
    // Five wrong codes in all (threshold 5), spread over three sign-ins: the fifth locks.
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('AUTH_MFA_INVALID'));
    expect(answers[4]).toBe('AUTH_ACCOUNT_LOCKED');
    expect(problemCode(await tryLogin(test.app, 'guesser', GOOD_PASSWORD))).toBe('AUTH_ACCOUNT_LOCKED');
  });
});

describe('lock-out', () => {
  it('locks even when the wrong passwords arrive all at once', async () => {
    await seedUser(test.services, 'parallel', 'clinician');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => tryLogin(test.app, 'parallel', 'wrong-password-1')),
    );
    expect(answers.every((answer) => answer.statusCode === 401 || answer.statusCode === 423)).toBe(true);
    expect(problemCode(await tryLogin(test.app, 'parallel', GOOD_PASSWORD))).toBe('AUTH_ACCOUNT_LOCKED');
  });

  it('answers an unknown name exactly like a real account, lock-out included', async () => {
    await seedUser(test.services, 'real.person', 'clinician');
    const sequence = async (username: string) => {
      const codes: string[] = [];
      for (let i = 0; i < 7; i++)
        codes.push(problemCode(await tryLogin(test.app, username, 'wrong-password-1')));
      return codes;
    };
    const real = await sequence('real.person');
    const unknown = await sequence('no.such.person');
    expect(unknown).toEqual(real);
    expect(real.slice(-2)).toEqual(['AUTH_ACCOUNT_LOCKED', 'AUTH_ACCOUNT_LOCKED']);
  });

  it('counts a wrong current password like a failed sign-in and ends the sessions when it locks', async () => {
    await seedUser(test.services, 'stolen', 'clinician');
    const session = await signIn(test.app, 'stolen');
    for (let i = 0; i < 5; i++) {
      const answer = await call(test.app, 'POST', '/api/me/password', {
        as: session,
        body: { currentPassword: `guess-number-${i}`, newPassword: 'a-brand-new-pass-99' },
      });
      expect(problemCode(answer)).toBe('AUTH_INVALID_CREDENTIALS');
    }
    expect((await call(test.app, 'GET', '/api/auth/session', { as: session })).statusCode).toBe(401);
    expect(problemCode(await tryLogin(test.app, 'stolen', GOOD_PASSWORD))).toBe('AUTH_ACCOUNT_LOCKED');
  });
});

describe('passwords someone else knows', () => {
  it('opens only self-service until the user chooses a new password', async () => {
    const created = await call(test.app, 'POST', '/api/users', {
      as: admin,
      body: { username: 'new.auditor', displayName: 'New Auditor', role: 'auditor' },
    });
    const initial = created.json<{ initialPassword: string }>().initialPassword;
    const session = await signIn(test.app, 'new.auditor', initial);
    const state = await call(test.app, 'GET', '/api/auth/session', { as: session });
    expect(state.json()).toMatchObject({ passwordChangeRequired: true });
    expect(problemCode(await call(test.app, 'GET', '/api/audit', { as: session }))).toBe(
      'AUTH_PASSWORD_CHANGE_REQUIRED',
    );

    const same = await call(test.app, 'POST', '/api/me/password', {
      as: session,
      body: { currentPassword: initial, newPassword: initial },
    });
    expect(problemCode(same)).toBe('VALIDATION_FAILED');
    const changed = await call(test.app, 'POST', '/api/me/password', {
      as: session,
      body: { currentPassword: initial, newPassword: 'auditors-own-choice-7' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await call(test.app, 'GET', '/api/audit', { as: session })).statusCode).toBe(200);
  });

  it('makes a password set by an administrator temporary again', async () => {
    const user = await seedUser(test.services, 'reset.me', 'auditor');
    await test.services.users.setPassword(user.id, 'temporary-from-admin-1', {
      actor: 'admin',
      sourceIp: null,
    });
    const session = await signIn(test.app, 'reset.me', 'temporary-from-admin-1');
    expect(problemCode(await call(test.app, 'GET', '/api/users', { as: session }))).toBe(
      'AUTH_PASSWORD_CHANGE_REQUIRED',
    );
  });
});

describe('rate limits come before the access check', () => {
  it('turns a flood of refused calls into 429s instead of audit records', async () => {
    const limited = await createTestApp({ config: { server: { rateLimit: { max: 5, loginMax: 100 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await limited.app.inject({ method: 'GET', url: '/api/users' })).statusCode);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
