/** A frame cut from a byte stream, or a counted error that leaves the stream usable. */
export type FrameResult =
  { readonly ok: true; readonly frame: Buffer } | { readonly ok: false; readonly reason: FrameError };

export type FrameError = 'frame too large' | 'truncated frame';

export interface FrameDecoderOptions {
  /** Longest message accepted, in bytes; longer ones are skipped and reported once each. */
  readonly maxFrameBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;
/** Nine digits already exceed any sensible frame; a longer number is text, not a length. */
const MAX_LENGTH_DIGITS = 9;

type State =
  | { readonly kind: 'start' }
  | { readonly kind: 'counted'; readonly length: number }
  | { kind: 'skip'; remaining: number }
  | { kind: 'line'; scanned: number }
  | { readonly kind: 'discard-line' };

const START: State = { kind: 'start' };
const EMPTY = Buffer.alloc(0);

function delimiterIndex(buffer: Buffer, from: number): number {
  const lf = buffer.indexOf(LF, from);
  const nul = buffer.indexOf(NUL, from);
  if (lf === -1) return nul;
  return nul === -1 ? lf : Math.min(lf, nul);
}

/**
 * Splits a syslog byte stream into messages. Each frame decides its own framing, as rsyslog does:
 * one that opens with a digit run and a space is octet-counted (`123 <…>`, RFC 6587 and RFC 5425),
 * any other is terminated by LF, CRLF or NUL. Oversized frames are skipped without losing the
 * frames after them.
 */
export class FrameDecoder {
  private buffer: Buffer = EMPTY;
  private state: State = START;

  constructor(private readonly options: FrameDecoderOptions) {}

  /** Bytes held for a frame not yet complete. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FrameResult[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const results: FrameResult[] = [];
    while (this.step(results));
    return results;
  }

  /** The stream ended: a last unterminated line is still a message; a cut counted frame is not. */
  end(): FrameResult[] {
    const results: FrameResult[] = [];
    const rest = this.buffer;
    const state = this.state;
    this.buffer = EMPTY;
    this.state = START;
    if (state.kind === 'counted') results.push({ ok: false, reason: 'truncated frame' });
    else if (state.kind === 'line' || (state.kind === 'start' && rest.length > 0))
      this.emitLine(rest, results);
    return results;
  }

  private consume(bytes: number): void {
    this.buffer = this.buffer.subarray(bytes);
  }

  /** Advances by one unit of work; false when more input is needed. */
  private step(results: FrameResult[]): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'start':
        return this.startFrame(results);
      case 'counted': {
        if (this.buffer.length < state.length) return false;
        results.push({ ok: true, frame: this.buffer.subarray(0, state.length) });
        this.consume(state.length);
        this.state = START;
        return true;
      }
      case 'skip': {
        const skipped = Math.min(state.remaining, this.buffer.length);
        this.consume(skipped);
        state.remaining -= skipped;
        if (state.remaining > 0) return false;
        this.state = START;
        return true;
      }
      case 'line':
        return this.continueLine(state, results);
      case 'discard-line': {
        const end = delimiterIndex(this.buffer, 0);
        if (end === -1) {
          this.buffer = EMPTY;
          return false;
        }
        this.consume(end + 1);
        this.state = START;
        return true;
      }
    }
  }

  private startFrame(results: FrameResult[]): boolean {
    let index = 0;
    // Stray terminators between frames (a counted frame followed by LF, say) carry nothing.
    while (index < this.buffer.length) {
      const byte = this.buffer[index];
      if (byte !== LF && byte !== CR && byte !== NUL) break;
      index++;
    }
    if (index > 0) this.consume(index);
    if (this.buffer.length === 0) return false;
    const first = this.buffer[0] ?? 0;
    if (first < 0x31 || first > 0x39) {
      this.state = { kind: 'line', scanned: 0 };
      return true;
    }
    let digits = 1;
    while (digits < this.buffer.length && digits <= MAX_LENGTH_DIGITS) {
      const byte = this.buffer[digits] ?? 0;
      if (byte < 0x30 || byte > 0x39) break;
      digits++;
    }
    if (digits === this.buffer.length && digits <= MAX_LENGTH_DIGITS) return false;
    if (digits > MAX_LENGTH_DIGITS || this.buffer[digits] !== SPACE) {
      this.state = { kind: 'line', scanned: 0 };
      return true;
    }
    const length = Number(this.buffer.toString('latin1', 0, digits));
    this.consume(digits + 1);
    if (length > this.options.maxFrameBytes) {
      results.push({ ok: false, reason: 'frame too large' });
      this.state = { kind: 'skip', remaining: length };
    } else {
      this.state = { kind: 'counted', length };
    }
    return true;
  }

  private continueLine(state: { scanned: number }, results: FrameResult[]): boolean {
    const end = delimiterIndex(this.buffer, state.scanned);
    if (end === -1) {
      state.scanned = this.buffer.length;
      if (this.buffer.length > this.options.maxFrameBytes) {
        results.push({ ok: false, reason: 'frame too large' });
        this.buffer = EMPTY;
        this.state = { kind: 'discard-line' };
      }
      return false;
    }
    this.emitLine(this.buffer.subarray(0, end), results);
    this.consume(end + 1);
    this.state = START;
    return true;
  }

  private emitLine(line: Buffer, results: FrameResult[]): void {
    const frame = line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
    if (frame.length === 0) return;
    if (frame.length > this.options.maxFrameBytes) results.push({ ok: false, reason: 'frame too large' });
    else results.push({ ok: true, frame });
  }
}
