import type { DetectEvent } from '../types.js';
import type { DetectStreamConnection } from './connection.js';
import { encodeEvent, encodeEvents } from './codec.js';
import { streamError } from './errors.js';
import { eventsSubject } from './settings.js';

export interface PublishOptions {
  /**
   * A stable id for the message (e.g. source and offset): a publish retried after a lost
   * acknowledgement is then stored once. Without it a retry may store the events twice.
   */
  readonly id?: string;
}

export interface PublishAllOptions {
  /**
   * Events per message. Every message costs a worker a delivery and an acknowledgement, far more
   * than matching one event, so busy sources send several at once. Default 64.
   */
  readonly batchSize?: number;
  /** A message is closed early once its events reach this many bytes. Default 256 KiB. */
  readonly batchBytes?: number;
  /** Messages in flight before waiting for JetStream's acknowledgements. Default 64. */
  readonly window?: number;
}

/**
 * How an ingest node hands normalised events to the detection workers. Each publish resolves once
 * JetStream has stored the message, so events acknowledged to their sender are never lost.
 */
export class DetectEventPublisher {
  private readonly subject: string;

  constructor(private readonly connection: DetectStreamConnection) {
    this.subject = eventsSubject(connection.layout);
  }

  publish(event: DetectEvent, options: PublishOptions = {}): Promise<void> {
    return this.send(encodeEvent(event), options);
  }

  /** The events as one message: one worker takes them all, each is matched on its own. */
  publishBatch(events: readonly DetectEvent[], options: PublishOptions = {}): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.send(encodeEvents(events), options);
  }

  /**
   * Publishes a sequence in batches, keeping several messages in flight. Resolves with how many
   * events were stored; the first failure stops it and is thrown once the messages in flight settle.
   */
  async publishAll(
    events: Iterable<DetectEvent> | AsyncIterable<DetectEvent>,
    options: PublishAllOptions = {},
  ): Promise<number> {
    const batchSize = Math.max(1, options.batchSize ?? 64);
    const batchBytes = options.batchBytes ?? 256 * 1024;
    const window = Math.max(1, options.window ?? 64);
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    let stored = 0;
    const flush = async (batch: DetectEvent[]): Promise<void> => {
      const sent: Promise<void> = this.publishBatch(batch)
        .then(() => void (stored += batch.length))
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= window) await Promise.race(inFlight);
    };
    let batch: DetectEvent[] = [];
    let bytes = 0;
    for await (const event of events) {
      if (failure) break;
      batch.push(event);
      bytes += event.raw.length;
      if (batch.length >= batchSize || bytes >= batchBytes) {
        await flush(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0 && !failure) await flush(batch);
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    return stored;
  }

  private async send(payload: Uint8Array, options: PublishOptions): Promise<void> {
    try {
      await this.connection.js.publish(this.subject, payload, {
        timeout: this.connection.timeoutMs,
        ...(options.id === undefined ? {} : { msgID: options.id }),
      });
    } catch (err) {
      throw streamError(
        'DETECT_STREAM_UNAVAILABLE',
        'events could not be stored in the detection stream',
        { url: this.connection.display, stream: this.connection.layout.stream },
        err,
      );
    }
  }
}
