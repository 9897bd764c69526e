import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  readonly dir: string;
  /** Server certificate for 127.0.0.1 and localhost, and its key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** The CA that signed the client certificate. */
  readonly clientCa: string;
  readonly clientCert: string;
  readonly clientKey: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A throwaway self-signed server certificate and a client CA with one client, made by the openssl CLI. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-syslog-tls-'));
  openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'server.key',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Test Sender CA',
    ],
    dir,
  );
  openssl(['req', ...EC, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=ward-gateway'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'client.pem',
      '-days',
      '2',
    ],
    dir,
  );
  return {
    dir,
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCa: join(dir, 'ca.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
