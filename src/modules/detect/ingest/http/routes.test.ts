import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantPermissions } from '../../../../server/auth/rbac.js';
import { installGuard } from '../../../../server/http/guard.js';
import { installProblemHandler } from '../../../../server/http/problem.js';
import { type SignedIn, call, problemCode, seedUser, signIn } from '../../../../server/http.testkit.js';
import { type TestApp, createTestApp } from '../../../../server/testkit.js';
import { type TestHub, createTestHub } from '../hub.testkit.js';
import { QuarantineStore } from '../quarantine/store.js';
import { QuarantineWriter } from '../quarantine/writer.js';
import { ingestRoutes } from './routes.js';

// The permissions the detect module grants when it is mounted (docs: detect HTTP API).
grantPermissions({
  'detect.read': ['admin', 'security-analyst', 'incident-commander', 'auditor'],
  'detect.ingest': ['admin'],
});

let platform: TestApp;
let app: FastifyInstance;
let test: TestHub;
let writer: QuarantineWriter;
let admin: SignedIn;
let auditor: SignedIn;
let clinician: SignedIn;
let token: string;

/** A server of the platform's guard and problem handler with only the ingest routes mounted. */
async function ingestApp(deps: Parameters<typeof ingestRoutes>[0]): Promise<FastifyInstance> {
  const server = Fastify();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  installProblemHandler(server);
  await server.register(fastifyCookie);
  const { services } = platform;
  installGuard(server, { ctx: services.auth, tokens: services.tokens, settings: services.settings });
  await server.register(ingestRoutes(deps));
  await server.ready();
  return server;
}

beforeAll(async () => {
  platform = await createTestApp();
  const store = new QuarantineStore(platform.services.database);
  writer = new QuarantineWriter({ store, keepPerSource: 100 });
  test = createTestHub({ capacity: 5, quarantine: writer.add });
  test.consume();
  app = await ingestApp({ hub: test.hub, quarantine: store, maxBodyBytes: 4096, maxLineChars: 500 });
  const owner = await seedUser(platform.services, 'admin', 'admin');
  await seedUser(platform.services, 'auditor', 'auditor');
  await seedUser(platform.services, 'nurse', 'clinician');
  admin = await signIn(platform.app, 'admin');
  auditor = await signIn(platform.app, 'auditor');
  clinician = await signIn(platform.app, 'nurse');
  token = (
    await platform.services.tokens.create(
      owner,
      { name: 'winlogbeat', scopes: ['detect.ingest'] },
      'admin',
      null,
    )
  ).secret;
});

afterAll(async () => {
  await app?.close();
  await test.close();
  await writer.stop();
  await platform.close();
});

const ndjson = { 'content-type': 'application/x-ndjson' };

describe('POST /api/detect/events', () => {
  it('accepts NDJSON, quarantines the lines it cannot read, and names the source', async () => {
    const response = await call(app, 'POST', '/api/detect/events?source=dc01-winlogbeat', {
      as: admin,
      headers: ndjson,
      body: '{"EventID":4624,"time":"2026-01-13T08:00:00.000Z"}\r\n\n{not json\n{"EventID":4625}\n',
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 2, quarantined: 1 });
    await test.until(() => test.events.length === 2, 'two events');
    expect(test.events[0]).toMatchObject({
      fields: { EventID: 4624 },
      source: { kind: 'http', name: 'dc01-winlogbeat' },
      time: '2026-01-13T08:00:00.000Z',
    });
  });

  it('accepts a JSON array from an API token scoped to ingest, under the default source name', async () => {
    const response = await call(app, 'POST', '/api/detect/events', {
      as: { bearer: token },
      body: [{ EventID: 1 }, { EventID: 2 }, 'not an object'],
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 2, quarantined: 1 });
    await test.until(() => test.events.some((e) => e.source.name === 'http'), 'the events');
  });

  it('quarantines a line over the length limit', async () => {
    const response = await call(app, 'POST', '/api/detect/events?source=long', {
      as: admin,
      headers: ndjson,
      body: `{"a":"${'x'.repeat(600)}"}\n{"a":1}\n`,
    });
    expect(response.json()).toEqual({ accepted: 1, quarantined: 1 });
  });

  it('refuses other media types, bad source names and oversized bodies', async () => {
    const text = await call(app, 'POST', '/api/detect/events', {
      as: admin,
      headers: { 'content-type': 'text/plain' },
      body: '{"a":1}',
    });
    expect(text.statusCode).toBe(415);
    expect(problemCode(text)).toBe('DETECT_INGEST_UNSUPPORTED_MEDIA');
    const name = await call(app, 'POST', '/api/detect/events?source=../etc', {
      as: admin,
      headers: ndjson,
      body: '{}',
    });
    expect(problemCode(name)).toBe('VALIDATION_FAILED');
    const big = await call(app, 'POST', '/api/detect/events', {
      as: admin,
      headers: ndjson,
      body: `${'{"a":1}\n'.repeat(1000)}`,
    });
    expect(big.statusCode).toBe(413);
    expect(problemCode(big)).toBe('BODY_TOO_LARGE');
  });

  it('answers 503 with Retry-After while the queue is full, and takes nothing', async () => {
    const full = createTestHub({ capacity: 1 });
    const server = await ingestApp({
      hub: full.hub,
      quarantine: new QuarantineStore(platform.services.database),
    });
    try {
      const first = await call(server, 'POST', '/api/detect/events', {
        as: admin,
        headers: ndjson,
        body: '{}\n{}\n',
      });
      expect(first.statusCode).toBe(202);
      const refused = await call(server, 'POST', '/api/detect/events', {
        as: admin,
        headers: ndjson,
        body: '{}\n',
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(problemCode(refused)).toBe('DETECT_INGEST_QUEUE_FULL');
      expect(full.hub.sources()[0]).toMatchObject({ received: 2, dropped: 0 });
    } finally {
      await server.close();
      await full.close();
    }
  });

  it('refuses a role without detect.ingest, and a caller who is not signed in', async () => {
    for (const caller of [auditor, clinician]) {
      const response = await call(app, 'POST', '/api/detect/events', {
        as: caller,
        headers: ndjson,
        body: '{}\n',
      });
      expect(response.statusCode).toBe(403);
      expect(problemCode(response)).toBe('AUTH_FORBIDDEN');
    }
    const anonymous = await call(app, 'POST', '/api/detect/events', { headers: ndjson, body: '{}\n' });
    expect(problemCode(anonymous)).toBe('AUTH_REQUIRED');
  });
});

describe('GET /api/detect/sources and /api/detect/quarantine', () => {
  it('lists sources with their counters to readers, not to other roles', async () => {
    const response = await call(app, 'GET', '/api/detect/sources', { as: auditor });
    expect(response.statusCode).toBe(200);
    const { sources } = response.json<{ sources: { name: string }[] }>();
    expect(sources.find((s) => s.name === 'dc01-winlogbeat')).toMatchObject({
      kind: 'http',
      received: 3,
      processed: 2,
      malformed: 1,
      dropped: 0,
      lagging: 0,
      status: 'ok',
    });
    const refused = await call(app, 'GET', '/api/detect/sources', { as: clinician });
    expect(problemCode(refused)).toBe('AUTH_FORBIDDEN');
  });

  it('lists quarantined lines newest first, per source, to readers', async () => {
    await writer.flush();
    const response = await call(app, 'GET', '/api/detect/quarantine?source=dc01-winlogbeat&limit=10', {
      as: auditor,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      entries: [
        {
          id: expect.any(String),
          source: 'dc01-winlogbeat',
          reason: 'not JSON',
          receivedAt: expect.any(String),
          line: '{not json',
        },
      ],
      total: 1,
    });
    const all = await call(app, 'GET', '/api/detect/quarantine', { as: admin });
    expect(all.json<{ total: number }>().total).toBe(3);
    expect(problemCode(await call(app, 'GET', '/api/detect/quarantine', { as: clinician }))).toBe(
      'AUTH_FORBIDDEN',
    );
  });
});
