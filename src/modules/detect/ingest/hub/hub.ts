import type { Registry } from 'prom-client';
import { type Clock, systemClock } from '../../../../kernel/clock.js';
import { LifelineError } from '../../../../kernel/errors.js';
import type { Logger } from '../../../../kernel/log/logger.js';
import type { DetectEvent, EventSource, SourceKind } from '../../types.js';
import '../errors.js';
import type { QuarantineSink } from '../quarantine/entry.js';
import type { Decoder } from '../types.js';
import { type BatchHandler, type ConsumeOptions, type Consumer, startConsumer } from './consumer.js';
import { type DropCallback, DropReporter } from './drop-reporter.js';
import { Fifo } from './fifo.js';
import { type IngestMetrics, ingestMetrics } from './metrics.js';
import { Signal } from './signal.js';
import { type HealthRules, type SourceStatus, SourceStats, statusOf } from './source-stats.js';
import { type IngestInput, type OfferOptions, type OfferResult, offerLines } from './offer.js';

export interface IngestHubOptions {
  /** Events queued across all sources before producers are paused, refused or dropped. */
  readonly capacity: number;
  /** The decoder of each source kind; `register` may give one source its own. */
  readonly decoders: Partial<Record<SourceKind, Decoder>>;
  readonly registry: Registry;
  /**
   * Told how many events a source lost: nothing is lost silently. The first drop after a quiet spell
   * is reported at once, later ones summed per source once per `dropReportIntervalMs`.
   */
  readonly onDrop: DropCallback;
  readonly dropReportIntervalMs?: number;
  readonly quarantine?: QuarantineSink;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Longest `raw` kept on an event (characters). */
  readonly maxRawChars?: number;
  readonly maxSources?: number;
  readonly idleAfterMs?: number;
  readonly lagAfterMs?: number;
  readonly dropWindowMs?: number;
}

interface Queued {
  readonly event: DetectEvent;
  readonly stats: SourceStats;
  readonly seq: number;
  readonly at: number;
}

/**
 * The one place every source pushes into: decodes lines, quarantines what cannot be read, queues
 * events for the consumer (bounded, with back-pressure), and counts everything per source.
 */
export class IngestHub {
  private readonly queue = new Fifo<Queued>();
  private readonly sourcesByName = new Map<string, { stats: SourceStats; input: IngestInput }>();
  private readonly changed = new Signal();
  private readonly drained = new Signal();
  private readonly settledWaiters: { seq: number; resolve: () => void }[] = [];
  private readonly metrics: IngestMetrics;
  private readonly clock: Clock;
  private readonly drops: DropReporter;
  private nextSeq = 1;
  private settledThrough = 0;
  private consumer: Consumer | undefined;
  private closed = false;

  constructor(private readonly options: IngestHubOptions) {
    this.clock = options.clock ?? systemClock;
    this.drops = new DropReporter(options.onDrop, options.dropReportIntervalMs ?? 1000, options.logger);
    this.metrics = ingestMetrics(options.registry, () =>
      [...this.sourcesByName.values()].map(({ stats }) => [stats.source.name, stats.queued]),
    );
  }

  get capacity(): number {
    return this.options.capacity;
  }

  get depth(): number {
    return this.queue.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  isFull(): boolean {
    return this.queue.size >= this.options.capacity;
  }

  /** Resolves once the queue has room again (half empty), the hub closed, or `until` aborted. */
  async whenWritable(until?: AbortSignal): Promise<void> {
    const wake = () => this.drained.notify();
    until?.addEventListener('abort', wake, { once: true });
    try {
      while (!this.closed && !until?.aborted && this.queue.size > Math.floor(this.options.capacity / 2)) {
        await this.drained.wait();
      }
    } finally {
      until?.removeEventListener('abort', wake);
    }
  }

  /** Resolves once every event up to `seq` has left the queue (processed or dropped). */
  settled(seq: number): Promise<void> {
    if (seq <= this.settledThrough) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push({ seq, resolve }));
  }

  /**
   * The handle a source pushes through. Registering a name again returns the same handle; the same
   * name with another kind is a conflict.
   */
  register(source: EventSource, options: { decode?: Decoder } = {}): IngestInput {
    const known = this.sourcesByName.get(source.name);
    if (known) {
      if (known.stats.source.kind !== source.kind) {
        throw new LifelineError('DETECT_INGEST_SOURCE_CONFLICT', undefined, { source: source.name });
      }
      return known.input;
    }
    if (this.sourcesByName.size >= (this.options.maxSources ?? 256)) {
      throw new LifelineError('DETECT_INGEST_TOO_MANY_SOURCES', undefined, {
        limit: this.options.maxSources ?? 256,
      });
    }
    const stats = new SourceStats(source);
    const decode = options.decode ?? this.options.decoders[source.kind];
    const input: IngestInput = {
      source,
      get dropped() {
        return stats.dropped;
      },
      offer: (lines, offer) => this.offer(stats, decode, lines, offer),
      reject: (reason, line = '') => {
        this.countMalformed(stats, 1);
        this.options.quarantine?.({
          source: source.name,
          kind: source.kind,
          reason,
          receivedAt: this.clock.now().toISOString(),
          line,
        });
      },
    };
    this.sourcesByName.set(source.name, { stats, input });
    return input;
  }

  input(name: string): IngestInput | undefined {
    return this.sourcesByName.get(name)?.input;
  }

  sources(): SourceStatus[] {
    const now = this.clock.now().getTime();
    const first = this.queue.first();
    const rules: HealthRules = {
      now,
      queueAgeMs: first ? now - first.at : 0,
      queueFull: this.isFull(),
      idleAfterMs: this.options.idleAfterMs ?? 15 * 60_000,
      lagAfterMs: this.options.lagAfterMs ?? 10_000,
      dropWindowMs: this.options.dropWindowMs ?? 5 * 60_000,
    };
    return [...this.sourcesByName.values()]
      .map(({ stats }) => statusOf(stats, rules))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Starts the one consumer: batches in arrival order, acknowledged when `handler` resolves. */
  consume(handler: BatchHandler, options: ConsumeOptions = {}): Consumer {
    if (this.consumer) throw new Error('the ingest hub has a consumer already');
    const consumer = startConsumer(
      {
        changed: this.changed,
        peek: (count) => this.queue.peek(count).map((queued) => queued.event),
        ack: (count, processed) => this.ack(count, processed),
      },
      handler,
      options,
      this.options.logger,
    );
    this.consumer = consumer;
    return {
      stop: async () => {
        await consumer.stop();
        if (this.consumer === consumer) this.consumer = undefined;
      },
    };
  }

  /**
   * Stops taking events, lets the consumer work through the queue for up to `drainMs`, then stops
   * it; whatever is still queued is counted as dropped and reported.
   */
  async close(drainMs = 10_000): Promise<void> {
    this.closed = true;
    this.drained.notify();
    if (this.consumer) {
      // Wall time, not the injected clock: a test's manual clock would never let this end.
      const deadline = Date.now() + drainMs;
      while (this.queue.size > 0 && Date.now() < deadline) {
        await Promise.race([this.drained.wait(), new Promise((r) => setTimeout(r, 50))]);
      }
      await this.consumer.stop();
      this.consumer = undefined;
    }
    if (this.queue.size > 0) this.ack(this.queue.size, false);
    this.drops.close();
  }

  private offer(
    stats: SourceStats,
    decode: Decoder | undefined,
    lines: readonly string[],
    options: OfferOptions,
  ): OfferResult {
    const result = offerLines(
      {
        stats,
        decode,
        closed: this.closed,
        capacity: this.options.capacity,
        depth: () => this.queue.size,
        now: this.clock.now(),
        maxRawChars: this.options.maxRawChars ?? 8192,
        enqueue: (event, at) => {
          const seq = this.nextSeq++;
          this.queue.push({ event, stats, seq, at });
          return seq;
        },
        quarantine: this.options.quarantine,
      },
      lines,
      options,
    );
    this.metrics.received.inc({ source: stats.source.name }, result.received);
    if (result.malformed > 0) this.metrics.malformed.inc({ source: stats.source.name }, result.malformed);
    if (result.dropped > 0) this.countDropped(stats, result.dropped);
    if (result.accepted > 0) this.changed.notify();
    return { ...result, full: this.isFull(), lastSeq: this.nextSeq - 1 };
  }

  private countMalformed(stats: SourceStats, count: number): void {
    stats.malformed += count;
    this.metrics.malformed.inc({ source: stats.source.name }, count);
  }

  private countDropped(stats: SourceStats, count: number): void {
    stats.dropped += count;
    stats.lastDropAt = this.clock.now().getTime();
    this.metrics.dropped.inc({ source: stats.source.name }, count);
    this.drops.add({ kind: stats.source.kind, name: stats.source.name }, count);
  }

  private ack(count: number, processed: boolean): void {
    const done = this.queue.peek(count);
    this.queue.drop(count);
    const bySource = new Map<SourceStats, number>();
    for (const { stats, seq } of done) {
      stats.queued--;
      bySource.set(stats, (bySource.get(stats) ?? 0) + 1);
      this.settledThrough = seq;
    }
    for (const [stats, count] of bySource) {
      if (!processed) {
        this.countDropped(stats, count);
        continue;
      }
      stats.processed += count;
      this.metrics.processed.inc({ source: stats.source.name }, count);
    }
    while (this.settledWaiters.length > 0 && (this.settledWaiters[0]?.seq ?? 0) <= this.settledThrough) {
      this.settledWaiters.shift()?.resolve();
    }
    this.drained.notify();
  }
}
