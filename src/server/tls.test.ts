import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, seedUser } from './http.testkit.js';
import { type TestApp, createTestApp } from './testkit.js';

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsCall(url: string, ca: Buffer, method = 'GET', body?: unknown): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('TLS from configured certificate files', () => {
  let dir: string;
  let test: TestApp;
  let base: string;
  let ca: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-tls-'));
    const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    // A throwaway self-signed certificate for 127.0.0.1, made by Debian's openssl.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    ca = readFileSync(certFile);
    test = await createTestApp({ config: { server: { tls: { certFile, keyFile } } } });
    await seedUser(test.services, 'tls.admin', 'admin');
    const address = await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = address.replace('http://', 'https://');
  });

  afterAll(async () => {
    await test.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves over HTTPS with HSTS', async () => {
    expect(base.startsWith('https://')).toBe(true);
    const answer = await httpsCall(`${base}/healthz`, ca);
    expect(answer.status).toBe(200);
    expect(answer.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('marks the session cookie Secure', async () => {
    const answer = await httpsCall(`${base}/api/auth/login`, ca, 'POST', {
      username: 'tls.admin',
      password: GOOD_PASSWORD,
    });
    expect(answer.status).toBe(200);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/lifeline_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
  });

  it('refuses to start when a certificate file is missing', async () => {
    await expect(
      createTestApp({
        config: { server: { tls: { certFile: join(dir, 'nope.pem'), keyFile: join(dir, 'nope.key') } } },
      }),
    ).rejects.toThrow(/certificate/);
  });
});
