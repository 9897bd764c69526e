/** One event document cut from the input, or the reason a piece of the input is not one. */
export type InputRecord =
  { readonly index: number; readonly text: string } | { readonly index: number; readonly malformed: string };

export interface RecordLimits {
  /**
   * The largest event kept in memory. A longer one is skipped (and reported) without being held,
   * which is what keeps memory flat on hostile input such as a file with no line breaks.
   */
  readonly maxRecordBytes: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/** Collects one record's bytes across chunks, forgetting them once the limit is passed. */
export class RecordBuffer {
  private parts: Buffer[] = [];
  private size = 0;
  private overflow = false;

  constructor(private readonly maxBytes: number) {}

  get empty(): boolean {
    return this.size === 0 && !this.overflow;
  }

  append(chunk: Buffer, start: number, end: number): void {
    if (end <= start || this.overflow) return;
    this.size += end - start;
    if (this.size > this.maxBytes) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(chunk.subarray(start, end));
  }

  /** The collected text, or null when it was too long; resets for the next record. */
  take(): { text: string } | { tooLong: number } {
    const result = this.overflow
      ? { tooLong: this.size }
      : {
          text: (this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts)).toString(
            'utf8',
          ),
        };
    this.parts = [];
    this.size = 0;
    this.overflow = false;
    return result;
  }
}

export function tooLongReason(bytes: number, limit: number): string {
  return `longer than ${limit} bytes (${bytes} bytes or more)`;
}
