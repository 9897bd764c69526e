import { createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/clock.js';
import { ROLES, oidcConfigSchema, type OidcConfig } from '../../kernel/config/schema.js';
import { LifelineError } from '../../kernel/errors.js';
import { OidcClient, identityFromClaims, type PendingLogin, type SsoIdentity } from './oidc.js';
import { ROLES_BY_PRIVILEGE, roleForIdentity } from './oidc-roles.js';
import { startTestOidcProvider, type TestOidcProvider } from './oidc.testkit.js';

const redirectUri = 'http://127.0.0.1:8080/api/auth/sso/callback';
const users = {
  alice: {
    claims: {
      preferred_username: 'alice',
      email: 'alice@hospital.test',
      name: 'Alice Janssens',
      roles: ['lifeline-analysts', 'all-staff'],
    },
  },
  bob: { claims: { email: 'bob@hospital.test', roles: 'lifeline-admins' } },
};

let idp: TestOidcProvider;
let config: OidcConfig;

beforeAll(async () => {
  idp = await startTestOidcProvider({ redirectUri, users });
  config = oidcConfigSchema.parse({
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUri,
  });
});

afterAll(async () => {
  await idp.close();
});

async function expectSsoFailure(promise: Promise<unknown>, reason: string): Promise<LifelineError> {
  const error = await promise.then(
    () => expect.fail('expected the sign-in to be refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LifelineError);
  const lifelineError = error as LifelineError;
  expect(lifelineError.code).toBe('AUTH_SSO_FAILED');
  expect(lifelineError.status).toBe(401);
  expect(lifelineError.details.reason).toBe(reason);
  expect(JSON.stringify({ ...lifelineError, message: lifelineError.message })).not.toContain(
    idp.clientSecret,
  );
  return lifelineError;
}

async function signIn(
  client: OidcClient,
  accountId: string,
): Promise<{ callback: URL; pending: PendingLogin }> {
  const { url, pending } = await client.start();
  return { callback: new URL(await idp.login(url, accountId)), pending };
}

describe('OidcClient against a real provider', () => {
  it('signs a person in and returns their identity with the configured role claim', async () => {
    const client = await OidcClient.discover(config);
    const { url, pending } = await client.start();
    const authorization = new URL(url);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBe(pending.state);
    expect(authorization.searchParams.get('scope')).toBe('openid profile email');
    expect(url).not.toContain(pending.codeVerifier);

    const callback = new URL(await idp.login(url, 'alice'));
    const identity = await client.complete(callback, pending);
    expect(identity).toEqual<SsoIdentity>({
      subject: 'alice',
      issuer: idp.issuer,
      username: 'alice',
      displayName: 'Alice Janssens',
      email: 'alice@hospital.test',
      groups: ['lifeline-analysts', 'all-staff'],
    });
  });

  it('falls back to the email as user name and accepts a single-string role claim', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'bob');
    const identity = await client.complete(callback, pending);
    expect(identity).toMatchObject({
      subject: 'bob',
      username: 'bob@hospital.test',
      displayName: 'bob@hospital.test',
    });
    expect(identity.groups).toEqual(['lifeline-admins']);
  });

  it('validates against the configured redirect URI even when the server saw another host', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'alice');
    const seenBehindProxy = new URL(`http://10.0.0.5:3000/api/auth/sso/callback${callback.search}`);
    await expect(client.complete(seenBehindProxy, pending)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses a callback whose state belongs to another login', async () => {
    const client = await OidcClient.discover(config);
    const { callback } = await signIn(client, 'alice');
    const other = (await client.start()).pending;
    await expectSsoFailure(client.complete(callback, other), 'state_mismatch');
  });

  it('refuses a replayed callback: the code works once', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'alice');
    await client.complete(callback, pending);
    const error = await expectSsoFailure(client.complete(callback, pending), 'token_rejected');
    expect(error.details.providerError).toBe('invalid_grant');
  });

  it('refuses a token exchange with the wrong PKCE verifier', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'alice');
    const tampered = { ...pending, codeVerifier: (await client.start()).pending.codeVerifier };
    await expectSsoFailure(client.complete(callback, tampered), 'token_rejected');
  });

  it('refuses an ID token whose nonce does not match the login', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'alice');
    const error = await expectSsoFailure(
      client.complete(callback, { ...pending, nonce: 'another-nonce' }),
      'response_invalid',
    );
    expect(error.details.libraryCode).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it('refuses the callback when the person cancels at the provider', async () => {
    const client = await OidcClient.discover(config);
    const { url, pending } = await client.start();
    const callback = new URL(await idp.deny(url));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await expectSsoFailure(client.complete(callback, pending), 'provider_error');
    expect(error.details.providerError).toBe('access_denied');
  });

  it('accepts a login nine minutes old and refuses one older than ten minutes', async () => {
    const clock = new ManualClock(new Date());
    const client = await OidcClient.discover(config, { clock });
    const first = await signIn(client, 'alice');
    clock.advance(9 * 60_000);
    await expect(client.complete(first.callback, first.pending)).resolves.toMatchObject({ subject: 'alice' });

    const second = await signIn(client, 'alice');
    clock.advance(10 * 60_000 + 1_000);
    await expectSsoFailure(client.complete(second.callback, second.pending), 'login_expired');
  });

  it('refuses a pending login with a forged or unreadable start time', async () => {
    const client = await OidcClient.discover(config);
    const { callback, pending } = await signIn(client, 'alice');
    await expectSsoFailure(
      client.complete(callback, { ...pending, createdAt: 'yesterday' }),
      'login_expired',
    );
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    await expectSsoFailure(client.complete(callback, { ...pending, createdAt: future }), 'login_expired');
  });

  it('refuses a client that presents the wrong secret', async () => {
    const client = await OidcClient.discover({ ...config, clientSecret: 'not-the-secret' });
    const { callback, pending } = await signIn(client, 'alice');
    const error = await expectSsoFailure(client.complete(callback, pending), 'token_rejected');
    expect(error.details.providerError).toBe('invalid_client');
  });

  it('turns any callback query into AUTH_SSO_FAILED and nothing else', async () => {
    const client = await OidcClient.discover(config);
    const { pending } = await client.start();
    const param = fc.tuple(
      fc.constantFrom('code', 'state', 'error', 'iss', 'id_token', 'x'),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 5 }), fc.boolean(), async (params, keepState) => {
        const callback = new URL(redirectUri);
        for (const [name, value] of params) callback.searchParams.append(name, value);
        if (keepState) callback.searchParams.set('state', pending.state);
        const outcome = await client.complete(callback, pending).then(
          () => 'accepted',
          (e: unknown) => (e instanceof LifelineError ? e.code : 'other'),
        );
        expect(outcome).toBe('AUTH_SSO_FAILED');
      }),
      { numRuns: 60 },
    );
  });
});

describe('OidcClient discovery', () => {
  it('reports an unreachable issuer as AUTH_SSO_FAILED without the secret', async () => {
    const port = await closedPort();
    const secret = 'super-secret-value';
    const error = await OidcClient.discover({
      ...config,
      issuer: `http://127.0.0.1:${port}`,
      clientSecret: secret,
    }).then(
      () => expect.fail('discovery should fail'),
      (e: unknown) => e as LifelineError,
    );
    expect(error.code).toBe('AUTH_SSO_FAILED');
    expect(error.details.reason).toBe('discovery_failed');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secret);
  });

  it('does not remember a failed discovery: the same config works once the provider answers', async () => {
    const sameConfig = { ...config, issuer: `http://127.0.0.1:${await closedPort()}` };
    await expect(OidcClient.discover(sameConfig)).rejects.toMatchObject({ code: 'AUTH_SSO_FAILED' });
    sameConfig.issuer = idp.issuer;
    await expect(OidcClient.discover(sameConfig)).resolves.toBeInstanceOf(OidcClient);
  });

  it('refuses plain http to an issuer that is not on this machine', async () => {
    await expect(
      OidcClient.discover({ ...config, issuer: 'http://idp.hospital.example/realm' }),
    ).rejects.toMatchObject({
      code: 'AUTH_SSO_FAILED',
      details: { reason: 'issuer_not_https' },
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('identityFromClaims', () => {
  it('never throws anything but AUTH_SSO_FAILED and only keeps string groups', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('sub', 'iss', 'email', 'name', 'preferred_username', 'roles'),
          fc.jsonValue(),
        ),
        (claims) => {
          try {
            const identity = identityFromClaims(claims, 'roles');
            expect(identity.groups.every((g) => typeof g === 'string')).toBe(true);
            expect(identity.username.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toMatchObject({
              code: 'AUTH_SSO_FAILED',
              details: { reason: 'claims_incomplete' },
            });
          }
        },
      ),
    );
  });
});

describe('roleForIdentity', () => {
  const identity = (groups: string[]): SsoIdentity => ({
    subject: 's',
    issuer: 'https://idp.test',
    username: 'u',
    displayName: 'u',
    email: null,
    groups,
  });
  const roleMap = {
    'lifeline-admins': 'admin',
    'lifeline-analysts': 'security-analyst',
    'all-staff': 'clinician',
  } as const;

  it('picks the least privileged of several mapped roles', () => {
    expect(roleForIdentity(identity(['lifeline-admins', 'lifeline-analysts']), { roleMap })).toBe(
      'security-analyst',
    );
    expect(roleForIdentity(identity(['lifeline-analysts', 'all-staff']), { roleMap })).toBe('clinician');
    expect(roleForIdentity(identity(['lifeline-admins']), { roleMap })).toBe('admin');
  });

  it('falls back to the default role, or refuses with null', () => {
    expect(roleForIdentity(identity(['unmapped']), { roleMap, defaultRole: 'trainer' })).toBe('trainer');
    expect(roleForIdentity(identity([]), { roleMap })).toBeNull();
    expect(roleForIdentity(identity(['constructor', '__proto__', 'toString']), { roleMap })).toBeNull();
  });

  it('orders every role exactly once', () => {
    expect([...ROLES_BY_PRIVILEGE].sort()).toEqual([...ROLES].sort());
  });

  it('always returns a mapped role of the identity, the default, or null', () => {
    const claimValue = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('constructor', '__proto__', 'hasOwnProperty', 'admin'),
    );
    fc.assert(
      fc.property(
        fc.dictionary(claimValue, fc.constantFrom(...ROLES)),
        fc.array(claimValue, { maxLength: 6 }),
        fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
        (map, groups, defaultRole) => {
          const result = roleForIdentity(
            identity(groups),
            defaultRole ? { roleMap: map, defaultRole } : { roleMap: map },
          );
          const mapped = groups.filter((g) => Object.hasOwn(map, g)).map((g) => map[g]);
          if (mapped.length > 0) {
            expect(mapped).toContain(result);
            const rank = (r: unknown) => ROLES_BY_PRIVILEGE.indexOf(r as (typeof ROLES)[number]);
            expect(mapped.every((r) => rank(r) >= rank(result))).toBe(true);
          } else {
            expect(result).toBe(defaultRole ?? null);
          }
        },
      ),
    );
  });
});
