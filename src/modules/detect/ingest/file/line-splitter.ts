const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export interface SplitResult {
  readonly lines: string[];
  /** Lines longer than the limit, skipped to their end. */
  readonly tooLong: number;
}

/**
 * Cuts file bytes into LF-terminated lines (CRLF too), holding an incomplete last line until the rest
 * of it is written. Works on bytes, so a character split across reads is never damaged.
 */
export class LineSplitter {
  private pending: Buffer = EMPTY;
  private discarding = false;

  constructor(private readonly maxLineBytes: number) {}

  /** Bytes of an incomplete line held back (not yet a line, not yet committed). */
  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): SplitResult {
    const lines: string[] = [];
    let tooLong = 0;
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = data.indexOf(LF);
      if (end === -1) break;
      if (this.discarding) this.discarding = false;
      else if (end > this.maxLineBytes) tooLong++;
      else this.addLine(data.subarray(0, end), lines);
      data = data.subarray(end + 1);
    }
    if (this.discarding) data = EMPTY;
    else if (data.length > this.maxLineBytes) {
      tooLong++;
      this.discarding = true;
      data = EMPTY;
    }
    // A copy, so the read buffer can be reused while a partial line waits.
    this.pending = Buffer.from(data);
    return { lines, tooLong };
  }

  /** The held partial line as a line of its own (its file was rotated away: it will not grow). */
  flush(): string[] {
    const lines: string[] = [];
    if (!this.discarding) this.addLine(this.pending, lines);
    this.pending = EMPTY;
    this.discarding = false;
    return lines;
  }

  private addLine(bytes: Buffer, lines: string[]): void {
    const line = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
    if (line.length > 0) lines.push(line.toString('utf8'));
  }
}
