import Fastify, { type FastifyInstance } from 'fastify';
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LifelineError } from '../../kernel/errors.js';
import { PROBLEM_TYPE_BASE, installProblemHandler } from './problem.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ bodyLimit: 64 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandler(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/lifeline', () => {
    // A detail named like a standard member must not be able to change what the client reads.
    throw new LifelineError('USER_EXISTS', 'that name is taken', {
      field: 'username',
      status: 200,
      code: 'OK',
    });
  });
  api.get('/crash', () => {
    throw new Error('connection to postgres://lifeline:s3cret@db failed');
  });
  api.post(
    '/things',
    {
      schema: {
        body: z.strictObject({
          name: z.string(),
          ward: z.strictObject({ beds: z.number().int() }).optional(),
        }),
        querystring: z.strictObject({ limit: z.coerce.number().int().max(10).optional() }),
      },
    },
    () => ({ ok: true }),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

async function problem(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return { status: response.statusCode, body: response.json<ProblemBody>(), raw: response.body };
}

describe('problem+json answers', () => {
  it('carries the code, registered title, status and safe details of a LifelineError', async () => {
    const { status, body } = await problem('GET', '/lifeline');
    expect(status).toBe(409);
    expect(body).toEqual({
      type: `${PROBLEM_TYPE_BASE}USER_EXISTS`,
      title: 'A user with that name exists already',
      status: 409,
      code: 'USER_EXISTS',
      detail: 'that name is taken',
      field: 'username',
    });
  });

  it('hides the cause of an unexpected error behind INTERNAL', async () => {
    const { status, body, raw } = await problem('GET', '/crash');
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL');
    expect(raw).not.toContain('s3cret');
    expect(raw).not.toContain('postgres');
  });

  it('names a field of the wrong type by its path', async () => {
    const { status, body } = await problem('POST', '/things', { name: 7 });
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.path)).toEqual(['body.name']);
    expect(body.fields).toEqual(['body.name']);
  });

  it('names a nested field by its dotted path', async () => {
    const { body } = await problem('POST', '/things', { name: 'ICU', ward: { beds: 'many' } });
    expect(body.errors?.map((e) => e.path)).toEqual(['body.ward.beds']);
  });

  it('names each unknown field, also when nested', async () => {
    const { status, body } = await problem('POST', '/things', { name: 'ICU', isRoot: true, extra: 1 });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { path: 'body.isRoot', message: 'unknown field' },
      { path: 'body.extra', message: 'unknown field' },
    ]);
    expect(body.detail).toContain('body.isRoot');
    const nested = await problem('POST', '/things', { name: 'ICU', ward: { beds: 2, wing: 'B' } });
    expect(nested.body.errors).toEqual([{ path: 'body.ward.wing', message: 'unknown field' }]);
  });

  it('names the query string as the context of a query parameter', async () => {
    const { body } = await problem('POST', '/things?limit=99', { name: 'ICU' });
    expect(body.errors?.map((e) => e.path)).toEqual(['querystring.limit']);
  });

  it('answers malformed JSON, a wrong media type and an oversize body as problems naming the body', async () => {
    const headers = { 'content-type': 'application/json' };
    const malformed = await app.inject({ method: 'POST', url: '/things', headers, payload: '{"name":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
    const text = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(text.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body' });
    const large = await app.inject({
      method: 'POST',
      url: '/things',
      headers,
      payload: JSON.stringify({ name: 'x'.repeat(100) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });
});
