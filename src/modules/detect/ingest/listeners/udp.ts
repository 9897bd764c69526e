import { type Socket, createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { LifelineError } from '../../../../kernel/errors.js';
// The module's codes must be registered wherever they can be thrown.
import '../errors.js';
import type { IngestInput } from '../hub/offer.js';
import { type BoundAddress, DEFAULT_MAX_FRAME_BYTES, type ListenerOptions, peerAddress } from './options.js';

export interface UdpListenerOptions extends ListenerOptions {
  /** Kernel receive buffer (bytes): bursts beyond it are lost before Lifeline can count them. */
  readonly receiveBufferBytes?: number | undefined;
}

/**
 * Syslog over UDP: one datagram, one message. UDP cannot be slowed down, so when the hub is full
 * the datagram is dropped and counted.
 */
export class UdpSyslogListener {
  private socket: Socket | undefined;
  private input: IngestInput | undefined;

  constructor(private readonly options: UdpListenerOptions) {}

  async start(): Promise<BoundAddress> {
    if (this.socket) throw new Error('the UDP listener is running already');
    const host = this.options.host ?? '0.0.0.0';
    const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (error) => {
        socket.close();
        reject(
          new LifelineError(
            'DETECT_INGEST_LISTEN_FAILED',
            `syslog UDP cannot listen on ${host}`,
            {
              source: this.options.name,
              port: this.options.port,
            },
            { cause: error },
          ),
        );
      });
      socket.bind({ address: host, port: this.options.port }, () => resolve());
    });
    socket.removeAllListeners('error');
    socket.on('error', (error) => {
      this.options.logger?.warn(
        { source: this.options.name, code: (error as NodeJS.ErrnoException).code },
        'syslog UDP error',
      );
    });
    if (this.options.receiveBufferBytes) socket.setRecvBufferSize(this.options.receiveBufferBytes);
    const bound = socket.address();
    try {
      this.input = this.options.hub.register(
        { kind: 'syslog-udp', name: this.options.name, address: peerAddress(bound.address, bound.port) },
        this.options.decode ? { decode: this.options.decode } : {},
      );
    } catch (error) {
      socket.close();
      throw error;
    }
    socket.on('message', (datagram, peer) => this.receive(datagram, peerAddress(peer.address, peer.port)));
    this.socket = socket;
    return { host: bound.address, port: bound.port };
  }

  address(): BoundAddress {
    if (!this.socket) throw new Error('the UDP listener is not running');
    const bound = this.socket.address();
    return { host: bound.address, port: bound.port };
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private receive(datagram: Buffer, address: string): void {
    const input = this.input;
    if (!input) return;
    if (datagram.length > (this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES)) {
      input.reject('frame too large');
      return;
    }
    const line = datagram.toString('utf8');
    if (line.trim() === '') return;
    input.offer([line], { overflow: 'drop', address });
  }
}
