import { type Server, type Socket, createServer } from 'node:net';
import { StreamSyslogListener, type StreamListenerOptions } from './stream.js';

/** Syslog over plain TCP (RFC 6587): octet-counted or line-terminated frames, told apart per frame. */
export class TcpSyslogListener extends StreamSyslogListener {
  constructor(options: StreamListenerOptions) {
    super(options, 'syslog-tcp');
  }

  protected override async createServer(accept: (socket: Socket) => void): Promise<Server> {
    return createServer({ noDelay: true }, accept);
  }
}
