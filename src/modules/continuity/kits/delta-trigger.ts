/** How long census changes are gathered before a unit's delta kit is built. */
const SETTLE_MS = 5_000;

/**
 * Builds a unit's delta kit a few seconds after an ADT message changed its census, instead of waiting
 * for the minute's scheduled build: a new admission reaches the unit's devices at their next pull.
 * Changes that arrive while a unit waits join the same build.
 */
export class DeltaTrigger {
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly build: (unit: string) => Promise<void>,
    private readonly settleMs: number = SETTLE_MS,
  ) {}

  touch(units: readonly string[]): void {
    if (this.closed) return;
    for (const unit of units) {
      if (this.waiting.has(unit)) continue;
      const timer = setTimeout(() => {
        this.waiting.delete(unit);
        // A failed build is retried by the scheduled one within the minute.
        this.build(unit).catch(() => undefined);
      }, this.settleMs);
      timer.unref();
      this.waiting.set(unit, timer);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}
