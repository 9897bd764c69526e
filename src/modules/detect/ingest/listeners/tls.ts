import { readFile } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:tls';
import { LifelineError } from '../../../../kernel/errors.js';
import { StreamSyslogListener, type StreamListenerOptions } from './stream.js';

export interface TlsListenerOptions extends StreamListenerOptions {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle for client certificates; when set, senders must present one it signed. */
  readonly clientCaFile?: string | undefined;
}

async function readPem(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new LifelineError('CONFIG_INVALID', `the syslog TLS file ${path} cannot be read`, { key });
  }
}

/**
 * Syslog over TLS (RFC 5425). TLS 1.2 at least; with `clientCaFile`, mutual authentication. Framing
 * is read the same way as TCP, so senders that use line framing over TLS are understood too.
 */
export class TlsSyslogListener extends StreamSyslogListener {
  constructor(private readonly tls: TlsListenerOptions) {
    super(tls, 'syslog-tls');
  }

  protected override async createServer(accept: (socket: Socket) => void): Promise<Server> {
    const [cert, key, ca] = await Promise.all([
      readPem(this.tls.certFile, 'certFile'),
      readPem(this.tls.keyFile, 'keyFile'),
      this.tls.clientCaFile ? readPem(this.tls.clientCaFile, 'clientCaFile') : undefined,
    ]);
    const server = createServer(
      {
        cert,
        key,
        minVersion: 'TLSv1.2',
        ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
      },
      accept,
    );
    server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
      this.tls.logger?.warn({ source: this.tls.name, code: error.code }, 'syslog TLS handshake failed');
    });
    return server;
  }
}
