import { decodeHl7Bytes } from '../er7/charset.js';
import type { Hl7Charset } from '../er7/types.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  MLLP_CARRIAGE_RETURN,
  MLLP_END_BLOCK,
  MLLP_START_BLOCK,
} from './frame.js';

/** How much of an oversize message is kept, so that its MSH can still be read and the sender told. */
const OVERSIZE_HEAD_BYTES = 4096;

export type MllpFrame =
  | { ok: true; bytes: Buffer; text: string; charset: Hl7Charset }
  /** Larger than the limit: the content was dropped as it arrived; `head` is its first few kilobytes. */
  | { ok: false; reason: 'oversize'; size: number; head: string }
  /** A start block came before the end block, or the stream ended inside a frame. */
  | { ok: false; reason: 'unterminated'; size: number };

/**
 * Turns a byte stream into MLLP frames, however TCP splits or joins them. Bytes outside a frame are
 * counted and dropped. A frame larger than `maxMessageBytes` is not buffered: it is skipped to its
 * end block and reported, so one bad sender cannot exhaust memory. The CR after the end block is
 * optional on read, because some senders omit it.
 */
export class MllpDecoder {
  private readonly maxMessageBytes: number;
  private inside = false;
  private afterEndBlock = false;
  private parts: Buffer[] = [];
  private size = 0;
  private head: Buffer | null = null;
  private discarded = 0;

  constructor(options: { maxMessageBytes?: number } = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Bytes seen outside any frame so far. */
  get discardedBytes(): number {
    return this.discarded;
  }

  /** True while part of a frame is buffered. */
  get pending(): boolean {
    return this.inside;
  }

  push(input: Uint8Array): MllpFrame[] {
    const chunk = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const frames: MllpFrame[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.afterEndBlock) {
        this.afterEndBlock = false;
        if (chunk[at] === MLLP_CARRIAGE_RETURN) at++;
        continue;
      }
      if (!this.inside) {
        const start = chunk.indexOf(MLLP_START_BLOCK, at);
        this.discarded += (start < 0 ? chunk.length : start) - at;
        if (start < 0) break;
        this.begin();
        at = start + 1;
        continue;
      }
      const end = chunk.indexOf(MLLP_END_BLOCK, at);
      const restart = chunk.indexOf(MLLP_START_BLOCK, at);
      const stop = end < 0 ? restart : restart < 0 ? end : Math.min(end, restart);
      if (stop < 0) {
        this.append(chunk.subarray(at));
        break;
      }
      this.append(chunk.subarray(at, stop));
      if (stop === restart) {
        frames.push({ ok: false, reason: 'unterminated', size: this.size });
        this.begin();
      } else {
        frames.push(this.finish());
        this.afterEndBlock = true;
      }
      at = stop + 1;
    }
    return frames;
  }

  /** The stream has ended: a frame still open is reported as unterminated. */
  end(): MllpFrame[] {
    if (!this.inside) return [];
    const size = this.size;
    this.inside = false;
    this.parts = [];
    this.head = null;
    return [{ ok: false, reason: 'unterminated', size }];
  }

  private begin(): void {
    this.inside = true;
    this.parts = [];
    this.size = 0;
    this.head = null;
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    const size = this.size + piece.length;
    if (this.head === null && size > this.maxMessageBytes) {
      this.head = Buffer.concat([...this.parts, piece], Math.min(size, OVERSIZE_HEAD_BYTES));
      this.parts = [];
    } else if (this.head === null) {
      // A copy: the caller may reuse its buffer after push returns.
      this.parts.push(Buffer.from(piece));
    }
    this.size = size;
  }

  private finish(): MllpFrame {
    this.inside = false;
    const parts = this.parts;
    const head = this.head;
    this.parts = [];
    this.head = null;
    if (head !== null)
      return { ok: false, reason: 'oversize', size: this.size, head: decodeHl7Bytes(head).text };
    const bytes = Buffer.concat(parts);
    return { ok: true, bytes, ...decodeHl7Bytes(bytes) };
  }
}
