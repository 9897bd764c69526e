import type { Socket } from 'node:net';
import { MllpDecoder, type MllpFrame } from './decoder.js';
import { frameMllp } from './frame.js';
import { respondToFrame, type MllpMessageHandler, type MllpOutcome } from './responder.js';

export interface MllpConnectionContext {
  readonly handler: MllpMessageHandler;
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  /** `failure` names a failed handler's error class or code, never its message. */
  readonly record: (outcome: MllpOutcome | 'idle-closed', failure?: string) => void;
  readonly discarded: (bytes: number) => void;
}

/** Frames waiting beyond this many stop the socket from reading until the backlog is worked off. */
const BACKLOG_LIMIT = 4;

/**
 * One MLLP connection. Messages are handled strictly one after another and each gets its ACK in
 * order; while a backlog builds up the socket stops reading, so TCP flow control slows the sender.
 * A connection idle for `idleTimeoutMs` is closed; a busy one never is.
 */
export class MllpConnection {
  private readonly decoder: MllpDecoder;
  private readonly backlog: MllpFrame[] = [];
  private working = false;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  private discardedReported = 0;

  constructor(
    private readonly socket: Socket,
    private readonly context: MllpConnectionContext,
  ) {
    this.decoder = new MllpDecoder({ maxMessageBytes: context.maxMessageBytes });
    socket.setNoDelay(true);
    socket.setTimeout(context.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.receive(this.decoder.push(chunk)));
    // The server allows half-open connections, so a sender that shuts down its side after the last
    // message still gets that message's ACK before this side ends.
    socket.on('end', () => {
      this.receive(this.decoder.end());
      void this.whenIdle(Infinity).then(() => this.end());
    });
    socket.on('timeout', () => {
      if (this.working || this.backlog.length > 0) {
        // Busy, not idle: look again once the work is done, even if it wrote nothing.
        void this.whenIdle(Infinity).then(() => socket.setTimeout(context.idleTimeoutMs));
        return;
      }
      this.context.record('idle-closed');
      void this.end();
    });
    // Errors (resets, TLS alerts) end the connection; 'close' follows and cleans up.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      // Nothing can be acknowledged any more; the sender resends what it has no ACK for.
      this.backlog.length = 0;
      this.settle();
    });
  }

  /** Stops reading, lets the messages already received be answered, then ends the connection. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    this.socket.pause();
    await this.whenIdle(graceMs);
    await this.end(graceMs);
  }

  private whenIdle(timeoutMs: number): Promise<void> {
    if (!this.working && this.backlog.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(resolve, timeoutMs) : undefined;
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(frames: MllpFrame[]): void {
    const discarded = this.decoder.discardedBytes - this.discardedReported;
    if (discarded > 0) this.context.discarded(discarded);
    this.discardedReported = this.decoder.discardedBytes;
    if (frames.length === 0 || this.closing) return;
    this.backlog.push(...frames);
    if (this.backlog.length >= BACKLOG_LIMIT) this.socket.pause();
    void this.work();
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      for (let frame = this.backlog.shift(); frame; frame = this.backlog.shift()) {
        const { ack, outcome, failure } = await respondToFrame(
          frame,
          this.context.handler,
          this.context.maxMessageBytes,
        );
        this.context.record(outcome, failure);
        if (ack !== null && !(await this.write(frameMllp(ack)))) break;
        if (!this.closing && this.backlog.length < BACKLOG_LIMIT) this.socket.resume();
      }
    } finally {
      this.working = false;
      this.settle();
    }
  }

  /** Resolves false when the connection is gone. */
  private write(bytes: Buffer): Promise<boolean> {
    const socket = this.socket;
    if (socket.destroyed || !socket.writable) return Promise.resolve(false);
    if (socket.write(bytes)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        socket.off('drain', onDrain);
        socket.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      socket.once('drain', onDrain);
      socket.once('close', onClose);
    });
  }

  private settle(): void {
    if (this.working || this.backlog.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private end(graceMs = 2000): Promise<void> {
    const socket = this.socket;
    if (socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.destroy(), graceMs);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }
}
