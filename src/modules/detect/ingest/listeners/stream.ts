import type { Server, Socket } from 'node:net';
import { LifelineError } from '../../../../kernel/errors.js';
// The module's codes must be registered wherever they can be thrown.
import '../errors.js';
import { type StreamReader, readSyslogStream } from './connection.js';
import { type BoundAddress, DEFAULT_MAX_FRAME_BYTES, type ListenerOptions, peerAddress } from './options.js';

export interface StreamListenerOptions extends ListenerOptions {
  /** Most simultaneous senders; further connections are refused by the kernel backlog. */
  readonly maxConnections?: number;
  /** How long stop() waits for senders to close before cutting them off (ms). */
  readonly graceMs?: number;
}

/** What TCP and TLS share: a server whose connections carry syslog streams. */
export abstract class StreamSyslogListener {
  private server: Server | undefined;
  private readonly sockets = new Map<Socket, StreamReader>();

  constructor(
    protected readonly options: StreamListenerOptions,
    private readonly kind: 'syslog-tcp' | 'syslog-tls',
  ) {}

  /** The server, with `accept` called for every connection ready to carry data. */
  protected abstract createServer(accept: (socket: Socket) => void): Promise<Server>;

  async start(): Promise<BoundAddress> {
    if (this.server) throw new Error(`the ${this.kind} listener is running already`);
    const host = this.options.host ?? '0.0.0.0';
    let accept: (socket: Socket) => void = (socket) => socket.destroy();
    const server = await this.createServer((socket) => accept(socket));
    server.maxConnections = this.options.maxConnections ?? 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new LifelineError(
            'DETECT_INGEST_LISTEN_FAILED',
            `syslog ${this.kind === 'syslog-tls' ? 'TLS' : 'TCP'} cannot listen on ${host}`,
            { source: this.options.name, port: this.options.port },
            { cause: error },
          ),
        ),
      );
      server.listen({ host, port: this.options.port }, () => resolve());
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      this.options.logger?.warn({ source: this.options.name, code: error.code }, 'syslog listener error');
    });
    const bound = this.boundOf(server);
    let input;
    try {
      input = this.options.hub.register(
        { kind: this.kind, name: this.options.name, address: peerAddress(bound.host, bound.port) },
        this.options.decode ? { decode: this.options.decode } : {},
      );
    } catch (error) {
      server.close();
      throw error;
    }
    const context = {
      hub: this.options.hub,
      input,
      maxFrameBytes: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      logger: this.options.logger,
    };
    accept = (socket) => {
      socket.once('close', () => this.sockets.delete(socket));
      this.sockets.set(socket, readSyslogStream(socket, context));
    };
    this.server = server;
    return bound;
  }

  /** The open connections, and which of them wait for the hub. */
  connections(): StreamReader[] {
    return [...this.sockets.values()];
  }

  address(): BoundAddress {
    if (!this.server) throw new Error(`the ${this.kind} listener is not running`);
    return this.boundOf(this.server);
  }

  /**
   * Stops accepting, tells every sender the stream is closing, keeps reading what they still send
   * for the grace period, then cuts off whoever is left.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets.keys()) socket.end();
    const grace = setTimeout(() => {
      for (const socket of this.sockets.keys()) socket.destroy();
    }, this.options.graceMs ?? 2000);
    await closed;
    clearTimeout(grace);
  }

  private boundOf(server: Server): BoundAddress {
    const bound = server.address();
    if (bound === null || typeof bound === 'string') return { host: String(bound), port: 0 };
    return { host: bound.address, port: bound.port };
  }
}
