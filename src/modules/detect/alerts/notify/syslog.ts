import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { connect, isIPv6 } from 'node:net';
import type { SigmaLevel } from '../../types.js';
import { type AlertNotification, type Notifier, NotifyError } from './notifier.js';
import { formatSyslog, octetFrame, truncateUtf8, type SyslogHeader } from './syslog-format.js';

/** Receivers must accept 2048 octets (RFC 5426); longer datagrams may be cut or dropped on the way. */
const UDP_MAX = 2048;
const TCP_MAX = 8192;

export interface SyslogOptions {
  name: string;
  minLevel: SigmaLevel;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  facility: number;
  appName: string;
  enterpriseId: number;
  timeoutMs: number;
  now?: () => Date;
}

/** Forwards alerts to a syslog collector or SIEM, one connection or datagram per alert. */
export class SyslogNotifier implements Notifier {
  readonly kind = 'syslog' as const;
  readonly name: string;
  readonly minLevel: SigmaLevel;
  private readonly header: SyslogHeader;

  constructor(private readonly options: SyslogOptions) {
    this.name = options.name;
    this.minLevel = options.minLevel;
    this.header = {
      facility: options.facility,
      hostname: hostname(),
      appName: options.appName,
      procId: String(process.pid),
      enterpriseId: options.enterpriseId,
    };
  }

  async send(notification: AlertNotification): Promise<void> {
    const text = formatSyslog(notification, this.header, (this.options.now ?? (() => new Date()))());
    if (this.options.transport === 'udp') await this.sendUdp(truncateUtf8(text, UDP_MAX));
    else await this.sendTcp(octetFrame(truncateUtf8(text, TCP_MAX)));
  }

  private sendUdp(message: Buffer): Promise<void> {
    const socket = createSocket(isIPv6(this.options.host) ? 'udp6' : 'udp4');
    return new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.send(message, this.options.port, this.options.host, (error) =>
        error ? reject(error) : resolve(),
      );
    }).finally(() => socket.close());
  }

  private sendTcp(frame: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      socket.setTimeout(this.options.timeoutMs, () => {
        socket.destroy(new NotifyError('syslog collector timed out'));
      });
      socket.on('error', reject);
      socket.once('connect', () => socket.end(frame));
      // `close` after a clean `end`: the collector has taken every byte we wrote.
      socket.once('close', (hadError) => {
        if (!hadError) resolve();
      });
    });
  }
}
