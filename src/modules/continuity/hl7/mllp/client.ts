import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { isLifelineError, type LifelineError } from '../../../../kernel/errors.js';
import { hl7Error } from '../errors.js';
import type { Hl7Message } from '../er7/message.js';
import { parseHl7 } from '../er7/parse.js';
import { MllpDecoder, type MllpFrame } from './decoder.js';
import { DEFAULT_MAX_MESSAGE_BYTES, frameMllp } from './frame.js';

export interface MllpClientTls {
  /** Trust anchors for the server certificate; the system store when absent. */
  ca?: string | Buffer;
  /** A client certificate for servers that require mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  servername?: string;
}

export interface MllpClientOptions {
  host: string;
  port: number;
  tls?: MllpClientTls;
  /** How long to wait for the connection and then for the ACK, per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Tries per message, the first included. Default 3. */
  attempts?: number;
  /** Wait before retry n is n times this. Default 500 ms. */
  retryDelayMs?: number;
  maxMessageBytes?: number;
}

interface Link {
  socket: Socket;
  decoder: MllpDecoder;
  onFrame: ((frame: MllpFrame) => void) | null;
  onGone: (() => void) | null;
}

/**
 * Sends HL7 v2 messages over one MLLP connection, one at a time, each waiting for its ACK. A lost
 * connection or a missing ACK makes it reconnect and send the same bytes again, so the message keeps
 * its control id (MSH-10) and the receiver can recognise the resend. An AE or AR is an answer, not a
 * failure: it is returned for the caller to act on.
 */
export class MllpClient {
  private link: Link | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: MllpClientOptions) {}

  send(text: string): Promise<Hl7Message> {
    const result = this.queue.then(() => this.deliver(text));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drop();
    await this.queue;
  }

  private async deliver(text: string): Promise<Hl7Message> {
    const controlId = parseHl7(text).controlId;
    if (controlId === '') {
      throw hl7Error('CONTINUITY_HL7_MALFORMED', 'MSH-10, the message control id, is empty', {
        field: 'MSH-10',
      });
    }
    const bytes = frameMllp(text);
    const attempts = Math.max(1, this.options.attempts ?? 3);
    let failure: LifelineError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.closed) break;
      try {
        return await this.exchange(await this.connected(), bytes, controlId);
      } catch (error) {
        this.drop();
        failure = isLifelineError(error)
          ? error
          : hl7Error('CONTINUITY_MLLP_UNREACHABLE', 'the MLLP exchange failed');
        if (attempt < attempts && !this.closed) await sleep((this.options.retryDelayMs ?? 500) * attempt);
      }
    }
    if (this.closed) throw hl7Error('CONTINUITY_MLLP_CLIENT_CLOSED', 'the MLLP client was closed');
    throw failure ?? hl7Error('CONTINUITY_MLLP_UNREACHABLE', 'the MLLP exchange failed');
  }

  private exchange(link: Link, bytes: Buffer, controlId: string): Promise<Hl7Message> {
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        link.onFrame = null;
        link.onGone = null;
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(hl7Error('CONTINUITY_MLLP_TIMEOUT', 'no ACK arrived in time', this.where()))),
        this.timeoutMs(),
      );
      link.onGone = () =>
        finish(() =>
          reject(hl7Error('CONTINUITY_MLLP_UNREACHABLE', 'the MLLP connection closed', this.where())),
        );
      link.onFrame = (frame) => {
        const ack = frame.ok ? readAck(frame.text) : null;
        if (ack === null) {
          finish(() =>
            reject(hl7Error('CONTINUITY_MLLP_ACK_INVALID', 'the answer is not an HL7 ACK', this.where())),
          );
        } else if (ack.get('MSA-2') === controlId) {
          finish(() => resolve(ack));
        }
        // An ACK for another control id is a late answer to an earlier attempt: wait for ours.
      };
      link.socket.write(bytes);
    });
  }

  private async connected(): Promise<Link> {
    if (this.link && !this.link.socket.destroyed) return this.link;
    const { host, port, tls } = this.options;
    const socket = tls
      ? connectTls({ host, port, ...tls, minVersion: 'TLSv1.2' })
      : connectTcp({ host, port, noDelay: true });
    const link: Link = {
      socket,
      decoder: new MllpDecoder({
        maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      }),
      onFrame: null,
      onGone: null,
    };
    socket.on('data', (chunk: Buffer) => {
      for (const frame of link.decoder.push(chunk)) link.onFrame?.(frame);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => link.onGone?.());
    await new Promise<void>((resolve, reject) => {
      const fail = () => {
        clearTimeout(timer);
        socket.destroy();
        reject(hl7Error('CONTINUITY_MLLP_UNREACHABLE', 'cannot connect to the MLLP peer', this.where()));
      };
      const timer = setTimeout(fail, this.timeoutMs());
      socket.once('close', fail);
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('close', fail);
        resolve();
      });
    });
    if (this.closed) {
      socket.destroy();
      throw hl7Error('CONTINUITY_MLLP_CLIENT_CLOSED', 'the MLLP client was closed');
    }
    this.link = link;
    return link;
  }

  private drop(): void {
    this.link?.socket.destroy();
    this.link = null;
  }

  private timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  private where(): { host: string; port: number } {
    return { host: this.options.host, port: this.options.port };
  }
}

function readAck(text: string): Hl7Message | null {
  try {
    const message = parseHl7(text);
    return message.segment('MSA') ? message : null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends one message on a fresh connection and returns the ACK (AA, AE or AR alike). */
export async function sendMllp(options: MllpClientOptions, text: string): Promise<Hl7Message> {
  const client = new MllpClient(options);
  try {
    return await client.send(text);
  } finally {
    await client.close();
  }
}
