import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../../../kernel/log/logger.js';
import { QUARANTINE_LINE_BYTES, type QuarantineEntry, truncateUtf8 } from './entry.js';
import type { QuarantineStore } from './store.js';

export interface QuarantineWriterOptions {
  readonly store: Pick<QuarantineStore, 'insert' | 'trim'>;
  /** Lines kept per source; older ones are deleted after each write. */
  readonly keepPerSource: number;
  readonly flushIntervalMs?: number;
  /** Lines held in memory while the database is slow or away; beyond it the oldest are lost (counted). */
  readonly maxBuffered?: number;
  /** A write starts early once this many lines wait. */
  readonly flushAt?: number;
  readonly registry?: Registry;
  readonly logger?: Logger;
}

export const QUARANTINE_LOST_METRIC = 'lifeline_detect_quarantine_lost_total';

/**
 * Buffers quarantined lines and writes them in the background, so a slow or unavailable database
 * never holds up ingest. Lines that cannot be kept are counted, never silently forgotten.
 */
export class QuarantineWriter {
  private buffer: QuarantineEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly lost: Counter | undefined;
  lostCount = 0;

  constructor(private readonly options: QuarantineWriterOptions) {
    this.lost = options.registry
      ? new Counter({
          name: QUARANTINE_LOST_METRIC,
          help: 'Malformed lines that could not be kept in the quarantine table',
          registers: [options.registry],
        })
      : undefined;
  }

  /** The hub's quarantine sink: synchronous and O(1). */
  readonly add = (entry: QuarantineEntry): void => {
    this.buffer.push({ ...entry, line: truncateUtf8(entry.line, QUARANTINE_LINE_BYTES) });
    const max = this.options.maxBuffered ?? 10_000;
    if (this.buffer.length > max) this.loseOldest(this.buffer.length - max);
    if (this.buffer.length >= (this.options.flushAt ?? 500)) void this.flush();
  };

  get buffered(): number {
    return this.buffer.length;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops the timer after a last write. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Writes what is buffered; one write at a time, in order. Never rejects. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      await this.options.store.insert(batch);
    } catch (error) {
      // Kept for the next attempt, in front of what arrived meanwhile, within the buffer limit.
      this.buffer = [...batch, ...this.buffer];
      const max = this.options.maxBuffered ?? 10_000;
      if (this.buffer.length > max) this.loseOldest(this.buffer.length - max);
      this.warn('quarantine write failed; will retry', error);
      return;
    }
    try {
      for (const source of new Set(batch.map((entry) => entry.source))) {
        await this.options.store.trim(source, this.options.keepPerSource);
      }
    } catch (error) {
      this.warn('quarantine retention failed; will retry with the next write', error);
    }
  }

  private warn(message: string, error: unknown): void {
    this.options.logger?.warn(
      { error: error instanceof Error ? error.name : typeof error, buffered: this.buffer.length },
      message,
    );
  }

  private loseOldest(count: number): void {
    this.buffer.splice(0, count);
    this.lostCount += count;
    this.lost?.inc(count);
  }
}
