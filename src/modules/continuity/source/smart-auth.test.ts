import { afterEach, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { ecKeys, rsaKeys, smallStore, startTestDouble, type TestDouble } from '../ehr/double.testkit.js';
import { createClientAssertion } from './client-assertion.js';
import { searchAll } from './search-all.js';
import { SmartBackendAuth } from './smart-auth.js';

let running: TestDouble | null = null;

afterEach(async () => {
  await running?.double.close();
  running = null;
});

async function start(options: Parameters<typeof startTestDouble>[0] = {}): Promise<TestDouble> {
  running = await startTestDouble({ store: smallStore(1), ...options });
  return running;
}

async function readPatient(url: string, token: string): Promise<Response> {
  return fetch(`${url}/Patient/p1`, { headers: { authorization: `Bearer ${token}` } });
}

async function postAssertion(tokenUrl: string, assertion: string, scope = 'system/*.rs'): Promise<Response> {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString(),
  });
}

describe('SmartBackendAuth against the EHR double', () => {
  it('discovers the token endpoint, gets a token and caches it', async () => {
    const { double, auth } = await start();
    const client = auth();
    const token = await client.accessToken();
    expect(await client.accessToken()).toBe(token);
    expect(client.grantedScope).toBe('system/*.rs');
    expect((await readPatient(double.url, token)).status).toBe(200);
  });

  it('signs with ES384 as well', async () => {
    const keys = ecKeys();
    const { double, auth } = await start({
      clients: [{ clientId: 'lifeline', publicKeyJwk: keys.publicJwk }],
    });
    const token = await auth({ privateKey: keys.privateKey, algorithm: 'ES384' }).accessToken();
    expect((await readPatient(double.url, token)).status).toBe(200);
  });

  it('refreshes shortly before expiry, and the server refuses an expired token', async () => {
    let now = Date.parse('2026-11-26T08:00:00Z');
    const clock = (): Date => new Date(now);
    const { double, auth } = await start({ clock, tokenLifetimeSeconds: 300 });
    const client = auth({ clock });
    const first = await client.accessToken();
    now += 200_000;
    expect(await client.accessToken()).toBe(first);
    now += 80_000;
    const second = await client.accessToken();
    expect(second).not.toBe(first);
    now += 30_000;
    const refused = await readPatient(double.url, first);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await readPatient(double.url, second)).status).toBe(200);
  });

  it('gets a new token when the server stops accepting the cached one', async () => {
    const { double, auth } = await start();
    const client = auth();
    const first = await client.accessToken();
    double.revokeTokens();
    const found = [];
    for await (const resource of searchAll({ baseUrl: double.url, auth: client, type: 'Patient' }))
      found.push(resource);
    expect(found).toHaveLength(1);
    expect(await client.accessToken()).not.toBe(first);
  });

  it('is rejected with a wrong key', async () => {
    const { auth } = await start();
    const error = await auth({ privateKey: rsaKeys().privateKey })
      .accessToken()
      .catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_CLIENT_REJECTED');
    expect(isLifelineError(error) && error.details).toEqual({ status: 401, error: 'invalid_client' });
  });

  it('is refused for scopes the client may not have', async () => {
    const { auth } = await start({ scopes: ['system/Patient.rs'] });
    const error = await auth({ scope: 'system/Observation.rs' })
      .accessToken()
      .catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_TOKEN_REFUSED');
    expect(isLifelineError(error) && error.details.error).toBe('invalid_scope');
  });

  it('enforces granted scopes on FHIR requests', async () => {
    const { double, auth } = await start({ scopes: ['system/Patient.rs'] });
    const token = await auth({ scope: 'system/Patient.rs' }).accessToken();
    expect((await readPatient(double.url, token)).status).toBe(200);
    const forbidden = await fetch(`${double.url}/Observation?patient=p1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(forbidden.status).toBe(403);
  });

  it('refuses a wrong key type for the algorithm before any request', () => {
    const error = (() => {
      try {
        return new SmartBackendAuth({
          clientId: 'x',
          privateKey: rsaKeys().privateKey,
          algorithm: 'ES384',
          scope: 'system/*.rs',
          tokenUrl: 'http://127.0.0.1:1/token',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(isLifelineError(error) && error.code).toBe('CONTINUITY_SOURCE_KEY_INVALID');
  });
});

describe('the token endpoint of the double', () => {
  function assertion(
    test: TestDouble,
    overrides: Partial<Parameters<typeof createClientAssertion>[0]> = {},
  ): string {
    return createClientAssertion({
      clientId: 'lifeline',
      tokenUrl: test.double.tokenUrl,
      key: test.keys.privateKey,
      algorithm: 'RS384',
      nowMs: Date.now(),
      ...overrides,
    });
  }

  it('refuses a replayed jti', async () => {
    const test = await start();
    const once = assertion(test);
    expect((await postAssertion(test.double.tokenUrl, once)).status).toBe(200);
    const replay = await postAssertion(test.double.tokenUrl, once);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_client',
      error_description: 'the jti was used before',
    });
  });

  it('refuses a wrong audience, an expired assertion and one valid for too long', async () => {
    const test = await start();
    const cases: [Partial<Parameters<typeof createClientAssertion>[0]>, string][] = [
      [{ tokenUrl: 'https://elsewhere.example/token' }, 'aud is not the token URL'],
      [{ nowMs: Date.now() - 10 * 60_000 }, 'the client assertion has expired'],
      [{ nowMs: Date.now() + 10 * 60_000 }, 'exp is more than five minutes ahead'],
    ];
    for (const [overrides, reason] of cases) {
      const response = await postAssertion(test.double.tokenUrl, assertion(test, overrides));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error_description: string }).error_description).toBe(reason);
    }
  });

  it('refuses an algorithm other than RS384 and ES384', async () => {
    const test = await start();
    const [, payload] = assertion(test).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const response = await postAssertion(test.double.tokenUrl, `${header}.${payload}.c2ln`);
    expect(response.status).toBe(401);
    const hs = Buffer.from(JSON.stringify({ alg: 'HS384', typ: 'JWT' })).toString('base64url');
    expect((await postAssertion(test.double.tokenUrl, `${hs}.${payload}.c2ln`)).status).toBe(401);
  });

  it('answers malformed requests with OAuth errors', async () => {
    const test = await start();
    const wrongGrant = await fetch(test.double.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const noScope = await postAssertion(test.double.tokenUrl, assertion(test), '');
    expect(await noScope.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('requires a bearer token on FHIR routes but not on discovery', async () => {
    const test = await start();
    const denied = await fetch(`${test.double.url}/Patient/p1`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await denied.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fetch(`${test.double.url}/metadata`)).status).toBe(200);
    const smart = (await (
      await fetch(`${test.double.url}/.well-known/smart-configuration`)
    ).json()) as Record<string, unknown>;
    expect(smart.token_endpoint).toBe(test.double.tokenUrl);
    expect(smart.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
  });
});
