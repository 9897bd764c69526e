/** A first-in first-out queue with O(1) push and shift: an array and a moving head. */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Up to `count` items from the front, left in place. */
  peek(count: number): T[] {
    return this.items.slice(this.head, this.head + Math.min(count, this.size)) as T[];
  }

  /** Removes `count` items from the front. */
  drop(count: number): void {
    const n = Math.min(count, this.size);
    for (let i = this.head; i < this.head + n; i++) this.items[i] = undefined;
    this.head += n;
    // Compact once the dead prefix dominates, so memory follows the live size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  first(): T | undefined {
    return this.items[this.head];
  }
}
