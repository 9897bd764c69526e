/**
 * A reusable set of small integers (rule numbers) for one event: membership by epoch stamp, so
 * starting the next event costs one increment instead of clearing an array.
 */
export class CandidateSet {
  private readonly stamp: Uint32Array;
  private readonly members: Int32Array;
  private epoch = 1;
  size = 0;

  constructor(capacity: number) {
    this.stamp = new Uint32Array(capacity);
    this.members = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  add(value: number): void {
    if (this.stamp[value] !== this.epoch) {
      this.stamp[value] = this.epoch;
      this.members[this.size++] = value;
    }
  }

  has(value: number): boolean {
    return this.stamp[value] === this.epoch;
  }

  member(index: number): number {
    return this.members[index] as number;
  }
}
