import { LifelineError } from '../../../kernel/errors.js';
import { findBoundary, newScanState } from './boundary.js';
import { chunkParams, type ChunkParams, type ChunkerOptions } from './params.js';

/**
 * Incremental chunker: push input buffers in order, receive finished chunks, flush at the end.
 *
 * Ownership: a chunk that lies inside one input buffer is returned as a subarray of it (no copy),
 * so it shares memory with that buffer; a chunk that spans buffers is a fresh copy. Input buffers
 * must not be modified after they are pushed (the Node stream contract), because the unfinished
 * tail of the current chunk is held by reference until its end is found.
 *
 * Memory: between pushes at most max - 1 bytes of input are held (heldBytes), plus whatever the
 * backing stores of those references pin (at most the buffers they came from).
 */
export class Chunker {
  private readonly params: ChunkParams;
  private readonly state = newScanState();
  private parts: Buffer[] = [];
  private held = 0;
  private peak = 0;

  constructor(options: ChunkerOptions) {
    this.params = chunkParams(options);
  }

  /** Bytes of the unfinished chunk currently held. */
  get heldBytes(): number {
    return this.held;
  }

  /** Highest heldBytes seen so far: a deterministic measure of the chunker's memory bound. */
  get peakHeldBytes(): number {
    return this.peak;
  }

  push(input: Uint8Array): Buffer[] {
    const buf = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const chunks: Buffer[] = [];
    let off = 0;
    while (off < buf.length) {
      const at = findBoundary(buf, off, buf.length, this.params, this.state);
      if (at < 0) {
        this.parts.push(buf.subarray(off));
        this.held += buf.length - off;
        break;
      }
      chunks.push(this.complete(buf.subarray(off, at)));
      off = at;
    }
    if (this.held > this.peak) this.peak = this.held;
    return chunks;
  }

  /** The final chunk (which may be shorter than min), or undefined when nothing is pending. */
  flush(): Buffer | undefined {
    if (this.held === 0) return undefined;
    const last = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.held);
    this.reset();
    return last;
  }

  private complete(tail: Buffer): Buffer {
    if (this.parts.length === 0) return tail;
    this.parts.push(tail);
    const chunk = Buffer.concat(this.parts, this.held + tail.length);
    this.reset();
    return chunk;
  }

  private reset(): void {
    this.parts = [];
    this.held = 0;
    this.state.pos = 0;
    this.state.hash = 0;
  }
}

/**
 * Splits a byte stream into content-defined chunks, pulling the next input only after the chunks
 * of the previous one were consumed. Empty input yields no chunk; input shorter than min yields one.
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ChunkerOptions,
): AsyncGenerator<Buffer, void, undefined> {
  const chunker = new Chunker(options);
  for await (const input of source) {
    if (typeof input === 'string') {
      throw new LifelineError('VALIDATION_FAILED', 'The chunker needs a byte stream, not text');
    }
    yield* chunker.push(input);
  }
  const last = chunker.flush();
  if (last) yield last;
}
