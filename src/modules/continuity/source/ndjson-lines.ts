import { LifelineError } from '../../../kernel/errors.js';
import { sourceError } from './errors.js';

export const DEFAULT_MAX_LINE_LENGTH = 32 * 1024 * 1024;

/**
 * Lines of a UTF-8 byte stream, decoded incrementally: a file of any size is read with memory for one
 * line at a time. `\n` and `\r\n` both end a line; a final line without a newline is still returned.
 * A line longer than `maxLineLength` characters stops the read rather than exhausting memory.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  options: { maxLineLength?: number } = {},
): AsyncGenerator<string> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new TextDecoder('utf-8');
  // The unfinished line, as pieces: joining only when a newline arrives keeps long lines linear.
  let pieces: string[] = [];
  let pendingLength = 0;
  const finish = (tail: string): string => {
    const line = pieces.length === 0 ? tail : pieces.join('') + tail;
    pieces = [];
    pendingLength = 0;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  const take = function* (text: string): Generator<string> {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      if (pendingLength + newline - start > max) throw tooLong();
      yield finish(text.slice(start, newline));
      start = newline + 1;
    }
    if (start < text.length) {
      pieces.push(text.slice(start));
      pendingLength += text.length - start;
      if (pendingLength > max) throw tooLong();
    }
  };
  for await (const chunk of chunks) yield* take(decoder.decode(chunk, { stream: true }));
  yield* take(decoder.decode());
  if (pendingLength > 0) yield finish('');
}

function tooLong(): LifelineError {
  return sourceError('CONTINUITY_SOURCE_PROTOCOL', 'An NDJSON line is longer than allowed');
}
