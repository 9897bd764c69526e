import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../../../../kernel/log/logger.js';
import { hl7Error } from '../errors.js';
import { MllpConnection } from './connection.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './frame.js';
import type { MllpMessageHandler, MllpOutcome } from './responder.js';

export interface MllpServerTls {
  key: string | Buffer;
  cert: string | Buffer;
  /** With `ca`, senders must present a client certificate it signed (mutual TLS). */
  ca?: string | Buffer;
}

export interface MllpServerOptions {
  host: string;
  /** 0 picks a free port; the started server reports it. */
  port: number;
  tls?: MllpServerTls;
  maxMessageBytes?: number;
  /** Connections beyond this many are closed on arrival. Default 64. */
  maxConnections?: number;
  /** A connection with no traffic for this long is closed. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** How long close() lets connections finish the message in hand. Default 5 s. */
  closeGraceMs?: number;
  logger?: Logger;
  onMessage: MllpMessageHandler;
}

export interface MllpServerStats {
  connectionsOpen: number;
  connectionsRefused: number;
  connectionsIdleClosed: number;
  accepted: number;
  applicationErrors: number;
  rejected: number;
  handlerFailures: number;
  malformed: number;
  oversize: number;
  /** Frames nobody could be told about: no readable MSH, or cut off. */
  dropped: number;
  bytesOutsideFrames: number;
}

export interface MllpServer {
  readonly port: number;
  stats(): MllpServerStats;
  close(): Promise<void>;
}

const OUTCOME_COUNTER: Record<MllpOutcome | 'idle-closed', keyof Omit<MllpServerStats, 'connectionsOpen'>> = {
  AA: 'accepted',
  AE: 'applicationErrors',
  AR: 'rejected',
  'handler-failed': 'handlerFailures',
  malformed: 'malformed',
  oversize: 'oversize',
  dropped: 'dropped',
  'idle-closed': 'connectionsIdleClosed',
};

/** An HL7 v2 receiver over MLLP, on plain TCP or TLS (1.2 or later). */
export async function startMllpServer(options: MllpServerOptions): Promise<MllpServer> {
  const maxConnections = options.maxConnections ?? 64;
  const counters: Omit<MllpServerStats, 'connectionsOpen'> = {
    connectionsRefused: 0,
    connectionsIdleClosed: 0,
    accepted: 0,
    applicationErrors: 0,
    rejected: 0,
    handlerFailures: 0,
    malformed: 0,
    oversize: 0,
    dropped: 0,
    bytesOutsideFrames: 0,
  };
  const connections = new Set<MllpConnection>();
  const context = {
    handler: options.onMessage,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    record: (outcome: MllpOutcome | 'idle-closed', failure?: string) => {
      counters[OUTCOME_COUNTER[outcome]]++;
      if (outcome === 'dropped' || outcome === 'handler-failed') {
        options.logger?.warn({ outcome, error: failure ?? null }, 'an HL7 message was not processed');
      }
    },
    discarded: (bytes: number) => {
      counters.bytesOutsideFrames += bytes;
    },
  };

  const accept = (socket: Socket) => {
    if (connections.size >= maxConnections) {
      counters.connectionsRefused++;
      socket.destroy();
      return;
    }
    const connection = new MllpConnection(socket, context);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  };
  const server = createListener(options, accept);
  // Every TCP socket, including TLS handshakes that never complete, so close() can end them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server, options.host, options.port);
  let closed: Promise<void> | undefined;

  return {
    port,
    stats: () => ({ connectionsOpen: connections.size, ...counters }),
    close: () => {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const grace = options.closeGraceMs ?? 5000;
        await Promise.all([...connections].map((connection) => connection.close(grace)));
        for (const socket of sockets) socket.destroy();
        await stopped;
      })();
      return closed;
    },
  };
}

function createListener(options: MllpServerOptions, accept: (socket: Socket) => void): Server {
  if (!options.tls) return createTcpServer({ allowHalfOpen: true }, accept);
  const { key, cert, ca } = options.tls;
  const server = createTlsServer(
    {
      key,
      cert,
      minVersion: 'TLSv1.2',
      allowHalfOpen: true,
      ...(ca === undefined ? {} : { ca, requestCert: true, rejectUnauthorized: true }),
    },
    accept,
  );
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    socket.destroy();
    options.logger?.warn({ code: error.code }, 'an MLLP TLS handshake failed');
  });
  return server;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        hl7Error('CONTINUITY_MLLP_LISTEN_FAILED', `cannot listen on ${host}:${port}`, {
          host,
          port,
          reason: error.code ?? error.name,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
