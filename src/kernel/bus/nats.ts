import {
  connect,
  Events,
  type Status,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { type Clock, systemClock } from '../clock.js';
import { isLifelineError, LifelineError } from '../errors.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { DeadLetterList, errorMessage } from './dead-letters.js';
import { assertSubscription, createEvent, deliveryPolicy, encodeEvent } from './envelope.js';
import { ensureConsumer, ensureStream } from './nats-admin.js';
import { NatsSubscription } from './nats-subscription.js';
import { natsConnectionOptions, parseNatsUrl } from './nats-url.js';
import { coverPattern, toSubject } from './subjects.js';
import type {
  BusEvent,
  DeadLetter,
  EventBus,
  EventHandler,
  SubscribeOptions,
  Subscription,
} from './types.js';

export interface NatsBusOptions {
  /** `nats://[user:pass@]host:port`, comma-separated for a cluster. */
  url: string;
  /** JetStream stream name. Default `LIFELINE`. */
  stream?: string;
  /** Subjects are `<prefix>.<event type>`. Default `lifeline`. */
  subjectPrefix?: string;
  logger?: Logger;
  clock?: Clock;
  /** Connect, publish and management request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Retention of a stream this bus creates (an existing stream keeps its own). Default 30 days. */
  maxAgeMs?: number;
  /** How long a delivered event may go unacknowledged before JetStream offers it again. Default 30 s. */
  ackWaitMs?: number;
  /** Events each subscriber pulls ahead. Default 16. */
  prefetch?: number;
  deadLetterLimit?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface Settings {
  stream: string;
  prefix: string;
  display: string;
  timeoutMs: number;
  ackWaitMs: number;
  prefetch: number;
}

/**
 * The bus over NATS JetStream, for several processes and nodes. Events are persisted in one stream
 * before publish() resolves; each durable name is a JetStream pull consumer, so processes sharing a
 * name share its events, and an unacknowledged event is offered again until maxDeliveries.
 */
export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  private readonly subscriptions = new Set<NatsSubscription>();
  private readonly dead: DeadLetterList;
  private readonly statuses: AsyncIterable<Status> & { stop?: () => void };
  private readonly monitor: Promise<void>;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly clock: Clock,
    deadLetterLimit: number | undefined,
  ) {
    this.dead = new DeadLetterList(deadLetterLimit);
    this.statuses = nc.status();
    this.monitor = this.watchConnection();
  }

  /** Connects and makes sure the stream exists; BUS_UNAVAILABLE (URL without credentials) otherwise. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const target = parseNatsUrl(options.url);
    const timeoutMs = options.timeoutMs ?? 5000;
    const settings: Settings = {
      stream: options.stream ?? 'LIFELINE',
      prefix: options.subjectPrefix ?? 'lifeline',
      display: target.display,
      timeoutMs,
      ackWaitMs: Math.max(5000, options.ackWaitMs ?? 30_000),
      prefetch: Math.max(1, options.prefetch ?? 16),
    };
    let nc: NatsConnection;
    try {
      // Once connected, keep reconnecting for ever: a restart of NATS must not end the process's bus.
      nc = await connect({ ...natsConnectionOptions(target, timeoutMs), maxReconnectAttempts: -1 });
    } catch (err) {
      throw unavailable(`The event bus at ${target.display} is not reachable`, settings, err);
    }
    try {
      const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
      await ensureStream(jsm, settings.stream, settings.prefix, options.maxAgeMs ?? 30 * DAY_MS);
      const js = nc.jetstream({ timeout: timeoutMs });
      return new NatsBus(
        nc,
        jsm,
        js,
        settings,
        options.logger ?? silentLogger(),
        options.clock ?? systemClock,
        options.deadLetterLimit,
      );
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw unavailable(`JetStream at ${target.display} cannot hold the event stream`, settings, err);
    }
  }

  async publish<T>(type: string, data: T, source = 'system'): Promise<BusEvent<T>> {
    this.assertOpen();
    const event = createEvent(type, data, source, this.clock);
    const payload = encodeEvent(event);
    try {
      // msgID lets JetStream drop a duplicate when a publish is retried after a lost ack.
      await this.js.publish(toSubject(this.settings.prefix, type), payload, {
        msgID: event.id,
        timeout: this.settings.timeoutMs,
      });
    } catch (err) {
      throw unavailable('The event could not be published', this.settings, err);
    }
    return event;
  }

  async subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription> {
    this.assertOpen();
    assertSubscription(options.durable, options.types);
    const policy = deliveryPolicy(options);
    const { stream, prefix, ackWaitMs, prefetch } = this.settings;
    const subscription = new NatsSubscription(
      this.js,
      {
        stream,
        durable: options.durable,
        prefix,
        patterns: [...options.types],
        policy,
        prefetch,
        ackWaitMs,
        logger: this.logger,
        clock: this.clock,
        onDead: (letter) => this.dead.add(letter),
      },
      handler,
    );
    try {
      const filterSubject = toSubject(prefix, coverPattern(options.types));
      await ensureConsumer(this.jsm, stream, {
        durable: options.durable,
        filterSubject,
        maxDeliveries: policy.maxDeliveries,
        ackWaitMs,
      });
      await subscription.start();
    } catch (err) {
      await subscription.unsubscribe();
      throw unavailable('The durable consumer could not be set up', this.settings, err);
    }
    this.subscriptions.add(subscription);
    if (this.closing) {
      // close() began while the consumer was being set up and did not see this subscription.
      await subscription.unsubscribe();
      await subscription.finished();
      throw unavailable('The event bus is closed', this.settings);
    }
    void subscription.finished().then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await withTimeout(this.nc.flush(), this.settings.timeoutMs);
      await this.jsm.streams.info(this.settings.stream);
    } catch (err) {
      throw unavailable('The event bus does not answer', this.settings, err);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Events this process parked after maxDeliveries failed attempts; they also stay in the stream. */
  deadLetters(): readonly DeadLetter[] {
    return this.dead.list();
  }

  private async shutdown(): Promise<void> {
    const open = [...this.subscriptions];
    await Promise.all(open.map((subscription) => subscription.unsubscribe()));
    await Promise.all(open.map((subscription) => subscription.finished()));
    // Acks are fire-and-forget; flush so the last ones reach the server before the socket closes.
    await withTimeout(this.nc.flush(), this.settings.timeoutMs).catch(() => undefined);
    await this.nc.close();
    // The client does not end status iterators on close; stop ours so the monitor settles.
    this.statuses.stop?.();
    await this.monitor;
  }

  private assertOpen(): void {
    if (this.closing || this.nc.isClosed()) throw unavailable('The event bus is closed', this.settings);
  }

  private async watchConnection(): Promise<void> {
    try {
      for await (const status of this.statuses) {
        if (status.type === Events.Disconnect || status.type === Events.Error) {
          this.logger.warn(
            { bus: this.settings.display, status: status.type },
            'event bus connection lost; reconnecting',
          );
        } else if (status.type === Events.Reconnect) {
          this.logger.info({ bus: this.settings.display }, 'event bus connection restored');
        }
      }
    } catch (err) {
      this.logger.warn(
        { bus: this.settings.display, error: errorMessage(err) },
        'event bus status monitor stopped',
      );
    }
  }
}

function unavailable(
  message: string,
  settings: Pick<Settings, 'display' | 'stream'>,
  cause?: unknown,
): LifelineError {
  if (isLifelineError(cause)) return cause;
  return new LifelineError(
    'BUS_UNAVAILABLE',
    message,
    { url: settings.display, stream: settings.stream },
    { cause },
  );
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
