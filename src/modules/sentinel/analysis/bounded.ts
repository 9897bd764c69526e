/**
 * A map that keeps only its most recently set entries: per-writer memory must stay bounded
 * whatever a writer does.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Oldest first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries.entries();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Timestamps within a sliding window, capped in number. */
export class RecentTimes {
  private times: number[] = [];

  constructor(private readonly capacity: number) {}

  add(at: number): void {
    this.times.push(at);
    if (this.times.length > this.capacity) this.times.splice(0, this.times.length - this.capacity);
  }

  countSince(since: number): number {
    this.times = this.times.filter((time) => time >= since);
    return this.times.length;
  }
}
