import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotifyError } from './notifier.js';
import { NOTIFICATION } from './notify.testkit.js';
import { WebhookNotifier } from './webhook.js';

const SECRET = 'webhook-shared-secret';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

/** A receiver that checks the signature the way a SOAR or chat bridge would. */
function verify(body: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', SECRET).update(body).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

let server: Server;
let base: string;
const received: Received[] = [];
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body,
        signatureValid: verify(body, request.headers['x-lifeline-signature']),
      });
      const path = request.url ?? '';
      if (path === '/hang') return void hanging.push(response);
      if (path === '/redirect') return void response.writeHead(302, { location: '/ok' }).end();
      const status = path.startsWith('/status/') ? Number(path.slice(8)) : 204;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const notifier = (path: string, secret = SECRET) =>
  new WebhookNotifier({ name: 'soar', minLevel: 'low', url: `${base}${path}`, secret, timeoutMs: 500 });

describe('webhook notifier', () => {
  it('posts the alert as JSON with a valid HMAC-SHA256 signature of the body', async () => {
    await notifier('/ok?token=abc').send(NOTIFICATION);
    const got = received.at(-1);
    expect(got?.signatureValid).toBe(true);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['x-lifeline-event']).toBe('detect.alert.raised');
    expect(JSON.parse(got?.body ?? '')).toEqual({ type: 'detect.alert.raised', alert: NOTIFICATION });
  });

  it('signs with the configured secret only', async () => {
    await notifier('/ok', 'another-secret').send(NOTIFICATION);
    expect(received.at(-1)?.signatureValid).toBe(false);
  });

  it('treats server errors as retryable and client errors as permanent', async () => {
    const outcome = async (path: string) => {
      try {
        await notifier(path).send(NOTIFICATION);
        return 'sent';
      } catch (error) {
        expect(error).toBeInstanceOf(NotifyError);
        return `${(error as NotifyError).message} permanent=${String((error as NotifyError).permanent)}`;
      }
    };
    expect(await outcome('/status/503')).toBe('webhook answered 503 permanent=false');
    expect(await outcome('/status/429')).toBe('webhook answered 429 permanent=false');
    expect(await outcome('/status/401')).toBe('webhook answered 401 permanent=true');
    expect(await outcome('/redirect')).toBe('webhook answered 302 permanent=true');
    // The redirect was not followed: the signed alert went nowhere else.
    expect(received.at(-1)?.path).toBe('/redirect');
  });

  it('gives up on a receiver that does not answer in time', async () => {
    await expect(notifier('/hang').send(NOTIFICATION)).rejects.toThrowError('webhook timed out');
  });

  it('reports a refused connection by its code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = new WebhookNotifier({
      name: 'gone',
      minLevel: 'low',
      url: `http://127.0.0.1:${port}/`,
      secret: SECRET,
      timeoutMs: 500,
    });
    const { describeFailure } = await import('./notifier.js');
    const error = await gone.send(NOTIFICATION).catch((e: unknown) => e);
    expect(describeFailure(error)).toBe('ECONNREFUSED');
  });
});
