import type { Socket } from 'node:net';
import type { Logger } from '../../../../kernel/log/logger.js';
import { FrameDecoder } from '../framing/frame-decoder.js';
import type { IngestHub } from '../hub/hub.js';
import type { IngestInput } from '../hub/offer.js';
import { peerAddress } from './options.js';

export interface ConnectionContext {
  readonly hub: IngestHub;
  readonly input: IngestInput;
  readonly maxFrameBytes: number;
  readonly logger: Logger | undefined;
}

/**
 * Reads one syslog stream: frames it, hands the lines to the hub, and stops reading while the hub
 * is full, so TCP flow control slows the sender down instead of anything being lost.
 */
export interface StreamReader {
  readonly address: string;
  /** True while reading is suspended because the hub is full. */
  readonly paused: boolean;
}

export function readSyslogStream(socket: Socket, context: ConnectionContext): StreamReader {
  const { hub, input } = context;
  const decoder = new FrameDecoder({ maxFrameBytes: context.maxFrameBytes });
  const address = peerAddress(socket.remoteAddress, socket.remotePort);
  let paused = false;

  const deliver = (results: ReturnType<FrameDecoder['push']>) => {
    const lines: string[] = [];
    for (const result of results) {
      if (result.ok) lines.push(result.frame.toString('utf8'));
      else input.reject(result.reason);
    }
    if (lines.length === 0) return;
    const offered = input.offer(lines, { overflow: 'keep', address });
    if (offered.full && !paused) {
      paused = true;
      socket.pause();
      void hub.whenWritable().then(() => {
        paused = false;
        if (!socket.destroyed) socket.resume();
      });
    }
  };

  socket.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
  socket.on('end', () => deliver(decoder.end()));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    context.logger?.debug({ source: input.source.name, code: error.code }, 'syslog connection error');
  });
  return {
    address,
    get paused() {
      return paused;
    },
  };
}
