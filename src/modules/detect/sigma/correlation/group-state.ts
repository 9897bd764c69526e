import type { Entry } from './aggregate.js';

/** A window over a group's sorted entries: indexes `lo..hi` inclusive, ending at time `end`. */
export interface Window {
  readonly lo: number;
  readonly hi: number;
  readonly end: number;
}

/**
 * The matches one correlation group holds, sorted by event time (arrival order among equal times).
 *
 * Entries are kept for two timespans behind the newest: a late event up to one timespan older than
 * the newest can still share a window with anything up to one timespan before itself.
 */
export class GroupState {
  constructor(
    readonly key: string,
    readonly correlationId: string,
    readonly group: Readonly<Record<string, string>>,
    readonly spanMs: number,
    readonly entries: Entry[] = [],
    public latest = -Infinity,
    /** Entries up to this time went into an alert already; stragglers from then are not counted again. */
    public consumedUntil: number | null = null,
  ) {}

  /** First index whose time is ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose time is > t. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds an entry in time order; false when it is too late to count. */
  add(entry: Entry): boolean {
    if (this.consumedUntil !== null && entry.t <= this.consumedUntil) return false;
    if (entry.t < this.latest - this.spanMs) return false;
    this.entries.splice(this.upperBound(entry.t), 0, entry);
    this.latest = Math.max(this.latest, entry.t);
    this.entries.splice(0, this.lowerBound(this.latest - 2 * this.spanMs));
    return true;
  }

  /** Drops the oldest entries beyond `max`; returns them. */
  trim(max: number): Entry[] {
    return this.entries.length > max ? this.entries.splice(0, this.entries.length - max) : [];
  }

  /**
   * The windows an entry at time `t` can complete: one timespan (inclusive) ending at each entry time
   * from `t` to `t + span`. Arriving in order, that is the single window ending at `t`; arriving late,
   * the later windows it falls into are checked again.
   */
  *windows(t: number): Generator<Window> {
    const first = this.lowerBound(t);
    const last = this.upperBound(t + this.spanMs);
    for (let i = first; i < last; i++) {
      const end = this.entries[i]!.t;
      if (i + 1 < last && this.entries[i + 1]!.t === end) continue;
      yield { lo: this.lowerBound(end - this.spanMs), hi: i, end };
    }
  }

  /** After an alert: everything up to the end of its window is used. */
  consume(until: number): void {
    this.entries.splice(0, this.upperBound(until));
    this.consumedUntil = Math.max(this.consumedUntil ?? -Infinity, until);
  }
}
