import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { natsConnectionOptions, parseNatsUrl } from '../../../kernel/bus/nats-url.js';
import { isLifelineError } from '../../../kernel/errors.js';
import { ensureDetectStream, type StreamLimits } from './admin.js';
import { streamError } from './errors.js';
import { type StreamLayout, streamLayout } from './settings.js';

export interface DetectStreamOptions {
  /** `nats://[user:pass@]host:port`, comma-separated for a cluster (the platform's `bus.natsUrl`). */
  readonly url: string;
  readonly layout?: Partial<StreamLayout>;
  readonly limits?: StreamLimits;
  /** Connect, publish and management request timeout. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Shown in the server's connection list. */
  readonly name?: string;
}

/** One NATS connection with the detection stream made sure of. */
export interface DetectStreamConnection {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly layout: StreamLayout;
  readonly timeoutMs: number;
  /** `nats://host:port` without credentials: safe to log. */
  readonly display: string;
  close(): Promise<void>;
}

export async function connectDetectStream(options: DetectStreamOptions): Promise<DetectStreamConnection> {
  const layout = streamLayout(options.layout);
  const target = parseNatsUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 5000;
  let nc: NatsConnection;
  try {
    // Once connected, keep reconnecting: a NATS restart must not end a worker.
    nc = await connect({
      ...natsConnectionOptions(target, timeoutMs),
      name: options.name ?? 'lifeline-detect',
      maxReconnectAttempts: -1,
    });
  } catch (err) {
    throw streamError(
      'DETECT_STREAM_UNAVAILABLE',
      `NATS at ${target.display} is not reachable`,
      { url: target.display },
      err,
    );
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
    await ensureDetectStream(jsm, layout, options.limits);
    const js = nc.jetstream({ timeout: timeoutMs });
    return {
      nc,
      js,
      jsm,
      layout,
      timeoutMs,
      display: target.display,
      async close() {
        if (nc.isClosed()) return;
        // Acks are fire-and-forget: drain so the last ones reach the server before the socket closes.
        await nc.drain().catch(() => nc.close());
      },
    };
  } catch (err) {
    await nc.close().catch(() => undefined);
    if (isLifelineError(err)) throw err;
    throw streamError(
      'DETECT_STREAM_UNAVAILABLE',
      `JetStream at ${target.display} cannot hold the detection stream`,
      { url: target.display, stream: layout.stream },
      err,
    );
  }
}
