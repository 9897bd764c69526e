import { LifelineError } from '../../../kernel/errors.js';
import { asBytes, type Bytes } from './base64.js';
import { kitError } from './errors.js';

/** What a kit payload may unpack to unless the caller says otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024;

/**
 * Gunzip with DecompressionStream (browsers and Node alike), stopping as soon as the output passes
 * `maxBytes`: a few kilobytes of gzip can expand to gigabytes.
 */
export async function gunzipBounded(compressed: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw kitError('CONTINUITY_KIT_CRYPTO_UNAVAILABLE', 'This browser or runtime cannot decompress gzip', {
      needs: 'DecompressionStream',
    });
  }
  const source = new ReadableStream<Bytes>({
    start(controller) {
      controller.enqueue(asBytes(compressed));
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw kitError('CONTINUITY_KIT_PAYLOAD_TOO_LARGE', 'The kit data unpacks to more than the limit', {
          maxBytes,
        });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof LifelineError) throw error;
    throw kitError('CONTINUITY_KIT_PAYLOAD_INVALID', 'The kit data is not valid gzip', {}, error);
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
