import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../auth/types.js';
import {
  type SignedIn,
  UNLIMITED,
  call,
  problemCode,
  seedUser,
  signIn,
  tryLogin,
  userCount,
} from '../http.testkit.js';
import { type TestApp, createTestApp } from '../testkit.js';

let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp({ config: { server: UNLIMITED } });
  await seedUser(test.services, 'admin', 'admin');
  admin = await signIn(test.app, 'admin');
});

afterAll(async () => {
  await test.close();
});

const createUser = (body: object) => call(test.app, 'POST', '/api/users', { as: admin, body });
const patchUser = (id: string, body: object, as: SignedIn = admin) =>
  call(test.app, 'PATCH', `/api/users/${id}`, { as, body });
const sessionStatus = async (session: SignedIn) =>
  (await call(test.app, 'GET', '/api/auth/session', { as: session })).statusCode;

describe('creating users', () => {
  it('generates a password when none is given, returns it once, and it signs in', async () => {
    const response = await createUser({
      username: 'Nurse.Jansen',
      displayName: 'Nurse Jansen',
      role: 'clinician',
    });
    expect(response.statusCode).toBe(201);
    const { user, initialPassword } = response.json<{ user: User; initialPassword: string }>();
    expect(user).toMatchObject({
      username: 'nurse.jansen',
      role: 'clinician',
      source: 'local',
      mfaEnabled: false,
    });
    expect(initialPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await tryLogin(test.app, 'nurse.jansen', initialPassword)).statusCode).toBe(200);

    const listed = await call(test.app, 'GET', '/api/users', { as: admin });
    expect(listed.body).not.toContain(initialPassword);
    expect(listed.body).not.toContain('argon2');
    const [audit] = await test.services.audit.list({ action: 'user.create', target: 'nurse.jansen' });
    expect(audit).toMatchObject({ actor: 'admin', details: { role: 'clinician' } });
    expect(JSON.stringify(audit)).not.toContain(initialPassword);
  });

  it('returns no password when the administrator chose one', async () => {
    const response = await createUser({
      username: 'trainer.set',
      displayName: 'T',
      role: 'trainer',
      password: 'a-chosen-pass-phrase',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).not.toHaveProperty('initialPassword');
    expect((await tryLogin(test.app, 'trainer.set', 'a-chosen-pass-phrase')).statusCode).toBe(200);
  });

  it('refuses a duplicate user name, in any letter case, with 409 USER_EXISTS', async () => {
    await createUser({ username: 'dup.user', displayName: 'First', role: 'trainer' });
    const before = await userCount(test.services);
    for (const username of ['dup.user', 'DUP.User']) {
      const response = await createUser({ username, displayName: 'Second', role: 'admin' });
      expect(response.statusCode).toBe(409);
      expect(problemCode(response)).toBe('USER_EXISTS');
    }
    expect(await userCount(test.services)).toBe(before);
  });

  it.each([
    ['too short', 'Short-1!'],
    ['too few different characters', 'aaaaaaaaaaaabbbb'],
    ['containing the user name', 'weak.pw-is-my-name-42'],
  ])('refuses a password %s with 400 PASSWORD_TOO_WEAK', async (_label, password) => {
    const before = await userCount(test.services);
    const response = await createUser({ username: 'weak.pw', displayName: 'W', role: 'trainer', password });
    expect(response.statusCode).toBe(400);
    expect(problemCode(response)).toBe('PASSWORD_TOO_WEAK');
    expect(response.json()).toMatchObject({ field: 'password' });
    expect(await userCount(test.services)).toBe(before);
  });

  it('refuses a user name outside the allowed characters', async () => {
    const response = await createUser({ username: 'bad name!', displayName: 'B', role: 'trainer' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'username' });
  });
});

describe('changing users', () => {
  it('audits a role change as user.role.change with before and after', async () => {
    const user = await seedUser(test.services, 'role.change', 'clinician');
    const response = await patchUser(user.id, { role: 'incident-commander' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { role: 'incident-commander' } });
    const [audit] = await test.services.audit.list({ action: 'user.role.change', target: 'role.change' });
    expect(audit).toMatchObject({
      actor: 'admin',
      outcome: 'success',
      details: { before: 'clinician', after: 'incident-commander' },
    });
  });

  it('ends the sessions of a demoted or disabled user', async () => {
    const demoted = await seedUser(test.services, 'to.demote', 'security-analyst');
    const disabled = await seedUser(test.services, 'to.disable', 'security-analyst');
    const demotedSession = await signIn(test.app, 'to.demote');
    const disabledSession = await signIn(test.app, 'to.disable');
    expect((await call(test.app, 'GET', '/api/tokens', { as: demotedSession })).statusCode).toBe(200);

    expect((await patchUser(demoted.id, { role: 'clinician' })).statusCode).toBe(200);
    expect((await patchUser(disabled.id, { disabled: true })).statusCode).toBe(200);
    expect(await sessionStatus(demotedSession)).toBe(401);
    expect(await sessionStatus(disabledSession)).toBe(401);
    expect(await sessionStatus(admin)).toBe(200);
  });

  it('keeps the sessions when only the display name changes', async () => {
    const user = await seedUser(test.services, 'rename.me', 'trainer');
    const session = await signIn(test.app, 'rename.me');
    expect((await patchUser(user.id, { displayName: 'Renamed' })).statusCode).toBe(200);
    expect(await sessionStatus(session)).toBe(200);
  });

  it('answers 404 USER_NOT_FOUND for an unknown id', async () => {
    for (const [method, url, body] of [
      ['PATCH', '/api/users/no-such-user', { displayName: 'X' }],
      ['POST', '/api/users/no-such-user/unlock', undefined],
      ['POST', '/api/users/no-such-user/reset-mfa', undefined],
    ] as const) {
      const response = await call(test.app, method, url, { as: admin, body });
      expect(response.statusCode, url).toBe(404);
      expect(problemCode(response)).toBe('USER_NOT_FOUND');
    }
  });
});

describe('the last administrator', () => {
  it('cannot be demoted or disabled, and can once another administrator exists', async () => {
    const self = admin.user;
    for (const body of [{ role: 'auditor' }, { disabled: true }]) {
      const response = await patchUser(self.id, body);
      expect(response.statusCode).toBe(409);
      expect(problemCode(response)).toBe('USER_LAST_ADMIN');
    }
    expect((await test.services.auth.users.byId(self.id))?.role).toBe('admin');
    expect(await sessionStatus(admin)).toBe(200);

    const second = await seedUser(test.services, 'admin.two', 'admin');
    const disabledAdmin = await seedUser(test.services, 'admin.off', 'admin');
    expect((await patchUser(disabledAdmin.id, { disabled: true })).statusCode).toBe(200);
    const secondSession = await signIn(test.app, 'admin.two');
    expect((await patchUser(self.id, { role: 'auditor' }, secondSession)).statusCode).toBe(200);
    // A disabled administrator does not count: admin.two is now the last active one.
    const last = await patchUser(second.id, { disabled: true }, secondSession);
    expect(problemCode(last)).toBe('USER_LAST_ADMIN');
    expect(await test.services.auth.users.countActiveAdmins()).toBe(1);
  });
});
