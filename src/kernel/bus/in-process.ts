import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Clock, systemClock } from '../clock.js';
import { LifelineError } from '../errors.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { DeadLetterList, errorMessage } from './dead-letters.js';
import {
  assertSubscription,
  createEvent,
  decodeEvent,
  type DeliveryPolicy,
  deliveryPolicy,
  encodeEvent,
} from './envelope.js';
import {
  type BusEvent,
  type DeadLetter,
  type EventBus,
  type EventHandler,
  type SubscribeOptions,
  type Subscription,
  typeMatches,
} from './types.js';

export interface InProcessBusOptions {
  logger?: Logger;
  clock?: Clock;
  /** How many parked events deadLetters() keeps. Default 1000. */
  deadLetterLimit?: number;
  /** Events kept for one durable consumer before the oldest is parked. Default 100 000. */
  maxQueuedPerConsumer?: number;
}

interface Pending {
  /** Kept as JSON so every delivery gets a fresh copy a handler cannot share or mutate. */
  encoded: string;
  id: string;
  type: string;
  deliveries: number;
  notBefore: number;
  lastError: string;
}

interface Member {
  handler: EventHandler;
}

interface Consumer {
  durable: string;
  patterns: readonly string[];
  policy: DeliveryPolicy;
  queue: Pending[];
  members: Member[];
  turn: number;
  inflight: Pending | null;
  running: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The bus for a single process. Each durable consumer keeps its own queue, which outlives its
 * subscribers, and hands one event at a time to its subscribers in turn, so per-consumer order holds
 * even across retries: a failing event blocks its consumer until it succeeds or is parked.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly consumers = new Map<string, Consumer>();
  private readonly dead: DeadLetterList;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly maxQueued: number;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.logger = options.logger ?? silentLogger();
    this.clock = options.clock ?? systemClock;
    this.dead = new DeadLetterList(options.deadLetterLimit);
    this.maxQueued = options.maxQueuedPerConsumer ?? 100_000;
  }

  publish<T>(type: string, data: T, source = 'system'): Promise<BusEvent<T>> {
    return settle(() => this.enqueue(type, data, source));
  }

  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription> {
    return settle(() => this.join(options, handler));
  }

  private enqueue<T>(type: string, data: T, source: string): BusEvent<T> {
    this.assertOpen();
    const event = createEvent(type, data, source, this.clock);
    const encoded = encodeEvent(event);
    for (const consumer of this.consumers.values()) {
      if (!consumer.patterns.some((pattern) => typeMatches(pattern, type))) continue;
      consumer.queue.push({ encoded, id: event.id, type, deliveries: 0, notBefore: 0, lastError: '' });
      if (consumer.queue.length > this.maxQueued) this.overflow(consumer);
      this.pump(consumer);
    }
    return event;
  }

  private join(options: SubscribeOptions, handler: EventHandler): Subscription {
    this.assertOpen();
    assertSubscription(options.durable, options.types);
    const policy = deliveryPolicy(options);
    let consumer = this.consumers.get(options.durable);
    if (consumer) {
      // The newest subscriber defines the consumer, as a JetStream consumer update would.
      consumer.patterns = [...options.types];
      consumer.policy = policy;
    } else {
      consumer = {
        durable: options.durable,
        patterns: [...options.types],
        policy,
        queue: [],
        members: [],
        turn: 0,
        inflight: null,
        running: null,
        timer: null,
      };
      this.consumers.set(options.durable, consumer);
    }
    const member: Member = { handler };
    consumer.members.push(member);
    this.pump(consumer);
    const owner = consumer;
    return {
      unsubscribe: () => {
        owner.members = owner.members.filter((m) => m !== member);
        return Promise.resolve();
      },
    };
  }

  ping(): Promise<void> {
    return this.closed
      ? Promise.reject(new LifelineError('BUS_UNAVAILABLE', 'The event bus is closed'))
      : Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const consumer of this.consumers.values()) {
      if (consumer.timer) clearTimeout(consumer.timer);
      consumer.timer = null;
      if (consumer.running) running.push(consumer.running);
    }
    await Promise.all(running);
  }

  /** Events parked after maxDeliveries failed attempts, oldest first. */
  deadLetters(): readonly DeadLetter[] {
    return this.dead.list();
  }

  private assertOpen(): void {
    if (this.closed) throw new LifelineError('BUS_UNAVAILABLE', 'The event bus is closed');
  }

  private pump(consumer: Consumer): void {
    if (consumer.running || this.closed) return;
    consumer.running = this.drain(consumer);
  }

  private async drain(consumer: Consumer): Promise<void> {
    try {
      for (;;) {
        // A turn of the event loop between events keeps a long queue from starving I/O.
        await nextTurn();
        const head = consumer.queue[0];
        if (this.closed || !head || consumer.members.length === 0) return;
        const wait = head.notBefore - Date.now();
        if (wait > 0) {
          this.wake(consumer, wait);
          return;
        }
        const member = consumer.members[consumer.turn++ % consumer.members.length] as Member;
        head.deliveries++;
        consumer.inflight = head;
        try {
          await member.handler(decodeEvent(head.encoded));
          this.remove(consumer, head);
        } catch (err) {
          this.failed(consumer, head, err);
        } finally {
          consumer.inflight = null;
        }
      }
    } finally {
      // Runs in the same turn as the return above, so a publish can never find it half-finished.
      consumer.running = null;
    }
  }

  private wake(consumer: Consumer, wait: number): void {
    if (consumer.timer) clearTimeout(consumer.timer);
    consumer.timer = setTimeout(() => {
      consumer.timer = null;
      this.pump(consumer);
    }, wait);
    consumer.timer.unref();
  }

  private failed(consumer: Consumer, head: Pending, err: unknown): void {
    head.lastError = errorMessage(err);
    const context = {
      durable: consumer.durable,
      eventId: head.id,
      type: head.type,
      deliveries: head.deliveries,
    };
    if (head.deliveries >= consumer.policy.maxDeliveries) {
      this.park(consumer, head, head.lastError);
      return;
    }
    this.logger.warn(
      { ...context, error: head.lastError },
      'event handler failed; the event will be offered again',
    );
    head.notBefore = Date.now() + consumer.policy.retryDelayMs;
  }

  private remove(consumer: Consumer, pending: Pending): void {
    if (consumer.queue[0] === pending) consumer.queue.shift();
    else consumer.queue = consumer.queue.filter((item) => item !== pending);
  }

  /** Bounds memory when a durable consumer is gone for good: its oldest waiting event is parked. */
  private overflow(consumer: Consumer): void {
    const oldest = consumer.queue.find((item) => item !== consumer.inflight);
    if (oldest) this.park(consumer, oldest, 'queue overflow: no subscriber kept up');
  }

  private park(consumer: Consumer, head: Pending, error: string): void {
    this.remove(consumer, head);
    const letter: DeadLetter = {
      durable: consumer.durable,
      event: decodeEvent(head.encoded),
      deliveries: head.deliveries,
      error,
      at: this.clock.now().toISOString(),
    };
    this.dead.add(letter);
    this.logger.error(
      { durable: consumer.durable, eventId: head.id, type: head.type, deliveries: head.deliveries, error },
      'event parked as dead after repeated handler failures',
    );
  }
}

/** Turns a synchronous throw into a rejection, as callers of an async API expect. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
