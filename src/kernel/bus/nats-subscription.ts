import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { errorMessage } from './dead-letters.js';
import { decodeEvent, type DeliveryPolicy } from './envelope.js';
import { typeFromSubject } from './subjects.js';
import {
  type BusEvent,
  type DeadLetter,
  type EventHandler,
  type Subscription,
  typeMatches,
} from './types.js';

export interface NatsSubscriptionSettings {
  stream: string;
  durable: string;
  prefix: string;
  patterns: readonly string[];
  policy: DeliveryPolicy;
  /** Messages pulled ahead; small so that processes sharing a durable name share evenly. */
  prefetch: number;
  ackWaitMs: number;
  logger: Logger;
  clock: Clock;
  onDead(letter: DeadLetter): void;
}

const RESTART_DELAY_MS = 1000;

/**
 * One subscriber on a durable pull consumer. Messages are handled one at a time, acked only after
 * the handler resolves, nak'd with a delay when it throws, and terminated (parked) on the last
 * allowed delivery. Messages still buffered when it stops are nak'd so another subscriber gets them
 * at once instead of after the ack wait.
 */
export class NatsSubscription implements Subscription {
  private stopped = false;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly settings: NatsSubscriptionSettings,
    private readonly handler: EventHandler,
  ) {}

  /** Opens the pull before returning, so a missing stream or consumer fails the subscribe call. */
  async start(): Promise<void> {
    this.loop = this.run(await this.open());
  }

  unsubscribe(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    this.wake?.();
    return Promise.resolve();
  }

  /** Settles once the in-flight handler, if any, has finished and buffered messages are released. */
  finished(): Promise<void> {
    return this.loop;
  }

  private async open(): Promise<ConsumerMessages> {
    const consumer = await this.js.consumers.get(this.settings.stream, this.settings.durable);
    const messages = await consumer.consume({ max_messages: this.settings.prefetch });
    this.messages = messages;
    if (this.stopped) messages.stop();
    return messages;
  }

  private async run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | null = first;
    while (!this.stopped) {
      try {
        messages ??= await this.open();
        for await (const msg of messages) {
          if (this.stopped) msg.nak();
          else await this.handle(msg);
        }
      } catch (err) {
        if (this.stopped) break;
        this.settings.logger.warn(
          { durable: this.settings.durable, error: errorMessage(err) },
          'pulling events failed; retrying',
        );
        await this.pause(RESTART_DELAY_MS);
      }
      messages = null;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private async handle(msg: JsMsg): Promise<void> {
    const { durable, prefix, patterns, logger } = this.settings;
    let event: BusEvent;
    try {
      event = decodeEvent(msg.data);
      if (typeFromSubject(prefix, msg.subject) !== event.type) throw new Error('subject and type differ');
    } catch {
      // Not ours or corrupted: retrying cannot fix it, and it must not block the consumer.
      logger.warn({ durable, subject: msg.subject, seq: msg.seq }, 'malformed event dropped from the bus');
      msg.term();
      return;
    }
    // The consumer filter may be wider than this subscriber's patterns (one filter per consumer).
    if (!patterns.some((pattern) => typeMatches(pattern, event.type))) {
      msg.ack();
      return;
    }
    // A long handler keeps its claim on the event; without this JetStream would hand it to another.
    const heartbeat = setInterval(
      () => {
        try {
          msg.working();
        } catch {
          // The connection is down; the ack wait decides, as it would without the heartbeat.
        }
      },
      Math.max(1000, Math.floor(this.settings.ackWaitMs / 3)),
    );
    let failure: { error: unknown } | null = null;
    try {
      await this.handler(event);
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    if (failure) this.failed(msg, event, failure.error);
    else msg.ack();
  }

  private failed(msg: JsMsg, event: BusEvent, err: unknown): void {
    const { durable, policy, logger } = this.settings;
    const deliveries = msg.info.deliveryCount;
    const error = errorMessage(err);
    const context = { durable, eventId: event.id, type: event.type, deliveries, error };
    if (deliveries < policy.maxDeliveries) {
      logger.warn(context, 'event handler failed; the event will be offered again');
      msg.nak(policy.retryDelayMs);
      return;
    }
    msg.term();
    logger.error(context, 'event parked as dead after repeated handler failures');
    this.settings.onDead({ durable, event, deliveries, error, at: this.settings.clock.now().toISOString() });
  }
}
