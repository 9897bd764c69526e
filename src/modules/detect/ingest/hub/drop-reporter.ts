import type { Logger } from '../../../../kernel/log/logger.js';
import type { EventSource } from '../../types.js';

export type DropCallback = (source: EventSource, count: number) => void;

/**
 * Reports drops to the owner's callback without flooding it: the first drop after a quiet spell is
 * reported at once, later ones are summed per source and reported once per interval.
 */
export class DropReporter {
  private readonly pending = new Map<string, { source: EventSource; count: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly callback: DropCallback,
    private readonly intervalMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  add(source: EventSource, count: number): void {
    if (this.intervalMs <= 0) return this.emit(source, count);
    if (!this.timer) {
      this.emit(source, count);
      this.arm();
      return;
    }
    const known = this.pending.get(source.name);
    if (known) known.count += count;
    else this.pending.set(source.name, { source, count });
  }

  /** Reports what is pending now (the hub closes). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending.size === 0) return;
      this.flush();
      this.arm();
    }, this.intervalMs);
    this.timer.unref();
  }

  private flush(): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { source, count } of pending) this.emit(source, count);
  }

  private emit(source: EventSource, count: number): void {
    try {
      this.callback(source, count);
    } catch (error) {
      this.logger?.error(
        { error: error instanceof Error ? error.name : typeof error },
        'the drop callback failed',
      );
    }
  }
}
