import { type InputRecord, RecordBuffer, type RecordLimits, tooLongReason } from './records.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  // Most lines start with `{`: only scan further when the first character could be white space.
  return text.length === 0 || ((first <= 0x20 || first === 0xfeff) && /^\s*$/.test(text));
}

function withoutBom(text: string, index: number): string {
  return index === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Cuts a byte stream into lines, one record per non-blank line (in batches, one per chunk), indexed
 * by 0-based line number so an operator can find the line again. Only the current line is held in
 * memory, capped by the limit.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  limits: RecordLimits,
): AsyncGenerator<InputRecord[]> {
  const pending = new RecordBuffer(limits.maxRecordBytes);
  let index = 0;
  const finish = (tail: { text: string } | { tooLong: number }): InputRecord | null => {
    const line = index++;
    if ('tooLong' in tail)
      return { index: line, malformed: tooLongReason(tail.tooLong, limits.maxRecordBytes) };
    const text = withoutBom(tail.text, line);
    return isBlank(text) ? null : { index: line, text };
  };
  for await (const chunk of chunks) {
    const batch: InputRecord[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      const end = newline > start && chunk[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
      let record: InputRecord | null;
      if (pending.empty && end - start <= limits.maxRecordBytes) {
        record = finish({ text: chunk.toString('utf8', start, end) });
      } else {
        // A carriage return split from its line feed by a chunk boundary stays at the pending tail.
        pending.append(chunk, start, end);
        const tail = pending.take();
        record = finish('text' in tail ? { text: tail.text.replace(/\r$/, '') } : tail);
      }
      if (record) batch.push(record);
      start = newline + 1;
    }
    pending.append(chunk, start, chunk.length);
    if (batch.length > 0) yield batch;
  }
  if (!pending.empty) {
    const tail = pending.take();
    const record = finish('text' in tail ? { text: tail.text.replace(/\r$/, '') } : tail);
    if (record) yield [record];
  }
}
