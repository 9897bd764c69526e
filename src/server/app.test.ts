import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../kernel/db/testkit.js';
import { GOOD_PASSWORD, problemCode, seedUser, tryLogin, withFastifyInit } from './http.testkit.js';
import { allMigrations } from './platform.js';
import { type TestApp, createTestApp } from './testkit.js';

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});

afterAll(async () => {
  await test.close();
});

const get = (url: string, app = test.app) => app.inject({ method: 'GET', url });

describe('probes and metrics', () => {
  it('answers /healthz', async () => {
    const response = await get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with the database and bus reachable', async () => {
    const response = await get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', bus: 'ok' } });
  });

  it('answers /readyz with 503 once the database is gone', async () => {
    const [sqlite] = testEngines();
    const database = await sqlite!.open(allMigrations());
    const broken = await createTestApp({ database });
    try {
      expect((await get('/readyz', broken.app)).statusCode).toBe(200);
      await database.close();
      const response = await get('/readyz', broken.app);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'not-ready',
        checks: { database: 'unreachable', bus: 'ok' },
      });
      expect((await get('/metrics', broken.app)).body).toMatch(
        /lifeline_readiness_failures_total\{dependency="database"\} 1/,
      );
    } finally {
      await broken.close();
    }
  });

  it('exposes Prometheus metrics labelled by route pattern', async () => {
    await get('/healthz');
    await get('/api/users/some-id');
    const response = await get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('# TYPE lifeline_http_request_duration_seconds histogram');
    expect(response.body).toMatch(
      /lifeline_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(response.body).not.toContain('some-id');
  });
});

describe('HTTP surface', () => {
  it('publishes an OpenAPI 3.1 document listing the API', async () => {
    const response = await get('/api/docs/json');
    expect(response.statusCode).toBe(200);
    const doc = response.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: object;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/users'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths).toHaveProperty('/api/auth/login');
    expect(doc.components).toMatchObject({
      securitySchemes: { session: { in: 'cookie', name: 'lifeline_session' } },
    });
  });

  it('sends the security headers', async () => {
    const response = await get('/healthz');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('answers an unknown API path with a NOT_FOUND problem', async () => {
    const response = await get('/api/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(problemCode(response)).toBe('NOT_FOUND');
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED after loginMax sign-in attempts, and never limits the probes', async () => {
    const limited = await createTestApp({ config: { server: { rateLimit: { max: 5, loginMax: 3 } } } });
    try {
      await seedUser(limited.services, 'nurse', 'clinician');
      for (let i = 0; i < 3; i++) {
        expect((await tryLogin(limited.app, 'nurse', `wrong-password-${i}`)).statusCode).toBe(401);
      }
      const refused = await tryLogin(limited.app, 'nurse', GOOD_PASSWORD);
      expect(refused.statusCode).toBe(429);
      expect(problemCode(refused)).toBe('RATE_LIMITED');
      for (let i = 0; i < 10; i++) {
        for (const url of ['/healthz', '/readyz', '/metrics'])
          expect((await get(url, limited.app)).statusCode).toBe(200);
      }
    } finally {
      await limited.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish when the server closes', async () => {
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { result: server } = await withFastifyInit(
      () => createTestApp(),
      (app) => {
        app.get('/test/slow', { config: { access: 'public' } }, async () => {
          started();
          await released;
          return { finished: true };
        });
      },
    );
    const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${address}/test/slow`);
    await hasStarted;
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    // Ending the connection is what lets close() finish now rather than at the keep-alive timeout.
    expect(response.headers.get('connection')).toBe('close');
    await closing;
    expect(closed).toBe(true);
  });
});
