import { splitJsonArray } from './json-array.js';
import { splitLines } from './lines.js';
import type { InputRecord, RecordLimits } from './records.js';

/** `ndjson`: one event a line. `auto`: a file that opens with `[` is one JSON array, else NDJSON. */
export type InputFormat = 'ndjson' | 'auto';

/** A readable stream, or any (async) iterable of chunks. */
export type ByteSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

async function* asBuffers(source: ByteSource): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

function firstSignificantByte(chunk: Buffer): number | undefined {
  for (const byte of chunk) {
    // White space and the UTF-8 byte order mark say nothing about the shape.
    if (
      byte !== 0x20 &&
      byte !== 0x0a &&
      byte !== 0x0d &&
      byte !== 0x09 &&
      byte !== 0xef &&
      byte !== 0xbb &&
      byte !== 0xbf
    )
      return byte;
  }
  return undefined;
}

/** Reads ahead only as far as the first meaningful byte, then hands every chunk on unchanged. */
async function peekShape(
  source: AsyncIterator<Buffer>,
): Promise<{ head: Buffer[]; first: number | undefined }> {
  const head: Buffer[] = [];
  for (;;) {
    const next = await source.next();
    if (next.done) return { head, first: undefined };
    head.push(next.value);
    const first = firstSignificantByte(next.value);
    if (first !== undefined) return { head, first };
  }
}

async function* replay(head: readonly Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The input's event documents in order, each with its index, or the reason it is not one. They come
 * in batches (one per chunk read) so that a million small events do not cost a million awaits.
 */
export async function* readRecords(
  source: ByteSource,
  format: InputFormat,
  limits: RecordLimits,
): AsyncGenerator<InputRecord[]> {
  const chunks = asBuffers(source);
  if (format === 'ndjson') {
    yield* splitLines(chunks, limits);
    return;
  }
  const iterator = chunks[Symbol.asyncIterator]();
  const { head, first } = await peekShape(iterator);
  const all = replay(head, iterator);
  if (first === 0x5b) yield* splitJsonArray(all, limits);
  else yield* splitLines(all, limits);
}
