/**
 * A seeded generator so that every run of the benchmark scans the same bytes: throughput figures
 * from two runs are only comparable when the input is identical.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough to spread synthetic values. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = table[table.length - 1];
    if (!last) throw new Error('weighted pick from an empty table');
    return last[0];
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length)
      text += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return text.slice(0, length);
  }

  upperHex(length: number): string {
    return this.hex(length).toUpperCase();
  }

  guid(): string {
    const h = this.upperHex(32);
    return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
  }
}
