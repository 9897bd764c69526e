import type { LifelineError } from '../../../kernel/errors.js';
import type { DetectEvent } from '../types.js';
import type { DetectStreamConnection } from './connection.js';
import { streamError } from './errors.js';
import { contentId, DEFAULT_MAX_PAYLOAD, fitEvent, packEvents, payloadLimit } from './packing.js';
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
  /**
   * A batch is closed early once its events' encoded JSON reaches this many bytes. Default 256 KiB.
   * Whatever this says, no message exceeds the server's max payload.
   */
  readonly batchBytes?: number;
  /** Messages in flight before waiting for JetStream's acknowledgements. Default 64. */
  readonly window?: number;
}

/**
 * How an ingest node hands normalised events to the detection workers. Each publish resolves once
 * JetStream has stored the message, so events acknowledged to their sender are never lost.
 *
 * No message may exceed the server's `max_payload`: a batch goes out as as many messages as its
 * encoded size needs, and an event too large for a message on its own goes with its `raw` cut short
 * (see `fitEvent`). One that does not fit even then is refused with DETECT_STREAM_EVENT_TOO_LARGE,
 * after the rest of its batch has been stored.
 */
export class DetectEventPublisher {
  private readonly subject: string;

  constructor(private readonly connection: DetectStreamConnection) {
    this.subject = eventsSubject(connection.layout);
  }

  async publish(event: DetectEvent, options: PublishOptions = {}): Promise<void> {
    const fitted = fitEvent(event, this.limit(options.id));
    if (fitted === null) throw this.tooLarge(1, 0);
    await this.send(fitted.bytes, options.id);
  }

  /**
   * The events in as few messages as fit, each event matched on its own. With an `id`, the messages
   * are `id`, `id.1`, `id.2`, ... Without one, a batch that could be stored only in part (several
   * messages, or an event refused) gets ids derived from each message's content, so a caller that
   * retries the same batch stores each message once.
   */
  async publishBatch(events: readonly DetectEvent[], options: PublishOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const limit = this.limit(options.id) - 2;
    const items: Uint8Array[] = [];
    for (const event of events) {
      const fitted = fitEvent(event, limit);
      if (fitted !== null) items.push(fitted.bytes);
    }
    const refused = events.length - items.length;
    await this.sendItems(items, options.id, refused > 0);
    if (refused > 0) throw this.tooLarge(refused, items.length);
  }

  /**
   * Publishes a sequence in batches, keeping several messages in flight. Resolves with how many
   * events were stored; the first failure stops it and is thrown once the messages in flight settle.
   * Events too large to publish stop nothing: the rest goes on, and DETECT_STREAM_EVENT_TOO_LARGE
   * (with how many were stored and refused) is thrown at the end.
   */
  async publishAll(
    events: Iterable<DetectEvent> | AsyncIterable<DetectEvent>,
    options: PublishAllOptions = {},
  ): Promise<number> {
    const batchSize = Math.max(1, options.batchSize ?? 64);
    const batchBytes = options.batchBytes ?? 256 * 1024;
    const window = Math.max(1, options.window ?? 64);
    const limit = this.limit() - 2;
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    let stored = 0;
    let refused = 0;
    const flush = async (batch: Uint8Array[]): Promise<void> => {
      const sent: Promise<void> = this.sendItems(batch, undefined, false)
        .then(() => void (stored += batch.length))
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= window) await Promise.race(inFlight);
    };
    let batch: Uint8Array[] = [];
    let bytes = 2;
    for await (const event of events) {
      if (failure) break;
      const fitted = fitEvent(event, limit);
      if (fitted === null) {
        refused++;
        continue;
      }
      batch.push(fitted.bytes);
      bytes += fitted.bytes.length + 1;
      if (batch.length >= batchSize || bytes >= batchBytes) {
        await flush(batch);
        batch = [];
        bytes = 2;
      }
    }
    if (batch.length > 0 && !failure) await flush(batch);
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    if (refused > 0) throw this.tooLarge(refused, stored);
    return stored;
  }

  /** The payload bytes a message may carry, from what the server announced. */
  private limit(id?: string): number {
    return payloadLimit(this.connection.nc.info?.max_payload, id);
  }

  private async sendItems(
    items: readonly Uint8Array[],
    id: string | undefined,
    partial: boolean,
  ): Promise<void> {
    const messages = packEvents(items, this.limit(id));
    const idOf = (message: Uint8Array, i: number): string | undefined => {
      if (id !== undefined) return i === 0 ? id : `${id}.${i}`;
      return messages.length > 1 || partial ? contentId(message) : undefined;
    };
    await Promise.all(messages.map((message, i) => this.send(message, idOf(message, i))));
  }

  private async send(payload: Uint8Array, id: string | undefined): Promise<void> {
    try {
      await this.connection.js.publish(this.subject, payload, {
        timeout: this.connection.timeoutMs,
        ...(id === undefined ? {} : { msgID: id }),
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

  private tooLarge(refused: number, stored: number): LifelineError {
    const maxPayload = this.connection.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    return streamError(
      'DETECT_STREAM_EVENT_TOO_LARGE',
      `${refused} event(s) do not fit in a ${maxPayload}-byte NATS message even without their raw text; ` +
        `${stored} other event(s) were stored`,
      { refused, stored, maxPayload, stream: this.connection.layout.stream },
    );
  }
}
