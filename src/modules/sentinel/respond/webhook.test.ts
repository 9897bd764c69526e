import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contextFor } from './testkit.js';
import { webhookAction } from './webhook.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (request.url?.startsWith('/hang')) return; // never answers
      response.statusCode = request.url?.startsWith('/fail') ? 500 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function verify(body: string, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhookAction', () => {
  it('posts the detection signed with the shared secret', async () => {
    const outcome = await webhookAction({ url: `${base}/hook/T0KEN`, secret: 's3cret' }).run(
      contextFor(4242),
    );
    expect(outcome).toMatchObject({ action: 'webhook', ok: true, detail: `${base} answered HTTP 204` });
    expect(outcome.detail).not.toContain('T0KEN');
    const last = received.at(-1) as Received;
    expect(last.headers['content-type']).toBe('application/json');
    expect(verify(last.body, last.headers['x-lifeline-signature'] as string, 's3cret')).toBe(true);
    expect(verify(last.body, last.headers['x-lifeline-signature'] as string, 'other')).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      event: 'sentinel.detection',
      detectionId: 'det-0001',
      writer: { pid: 4242 },
    });
  });

  it('sends no signature without a secret', async () => {
    await webhookAction({ url: `${base}/hook` }).run(contextFor(1));
    expect(received.at(-1)?.headers['x-lifeline-signature']).toBeUndefined();
  });

  it('fails on a non-2xx answer, a timeout and a closed port', async () => {
    expect(await webhookAction({ url: `${base}/fail` }).run(contextFor(1))).toMatchObject({
      ok: false,
      detail: `${base} answered HTTP 500`,
    });
    expect(await webhookAction({ url: `${base}/hang`, timeoutMs: 300 }).run(contextFor(1))).toMatchObject({
      ok: false,
      detail: `${base}: no answer within 300 ms`,
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await webhookAction({ url: `http://127.0.0.1:${port}/` }).run(contextFor(1));
    expect(refused).toMatchObject({
      ok: false,
      detail: `http://127.0.0.1:${port}: unreachable (ECONNREFUSED)`,
    });
  });

  it('refuses a URL that is not http or https', () => {
    expect(() => webhookAction({ url: 'file:///etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'SENTINEL_RESPOND_WEBHOOK_INVALID' }),
    );
    expect(() => webhookAction({ url: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'SENTINEL_RESPOND_WEBHOOK_INVALID' }),
    );
  });
});
