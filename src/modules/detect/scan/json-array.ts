import { type InputRecord, RecordBuffer, type RecordLimits, tooLongReason } from './records.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

type State = 'start' | 'between' | 'value' | 'after' | 'done';

function isSpace(byte: number): boolean {
  // JSON white space, plus the bytes of a UTF-8 byte order mark before the array.
  return (
    byte === 0x20 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x09 ||
    byte === 0xef ||
    byte === 0xbb ||
    byte === 0xbf
  );
}

/**
 * Cuts a file holding one JSON array into its elements without reading the whole array: only the
 * element being read is held. Elements are indexed from 0; a broken element is reported by
 * JSON.parse later, a broken array (no `]`, text after it) as a malformed record of its own.
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<Buffer>,
  limits: RecordLimits,
): AsyncGenerator<InputRecord[]> {
  const element = new RecordBuffer(limits.maxRecordBytes);
  let state: State = 'start';
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const finish = (): InputRecord => {
    const taken = element.take();
    const at = index++;
    if ('tooLong' in taken)
      return { index: at, malformed: tooLongReason(taken.tooLong, limits.maxRecordBytes) };
    const text = taken.text.trim();
    return text === '' ? { index: at, malformed: 'empty array element' } : { index: at, text };
  };

  for await (const chunk of chunks) {
    const batch: InputRecord[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length && state !== 'done'; i++) {
      const byte = chunk[i] as number;
      switch (state) {
        case 'start':
          if (isSpace(byte)) continue;
          if (byte !== OPEN_BRACKET) {
            batch.push({ index: 0, malformed: 'the input does not start with a JSON array' });
            state = 'done';
          } else state = 'between';
          continue;
        case 'between':
          if (isSpace(byte)) continue;
          if (byte === CLOSE_BRACKET) {
            // `[]` holds no events; `[a, ]` has an element missing after its last comma.
            if (index > 0) batch.push({ index: index++, malformed: 'empty array element' });
            state = 'after';
            continue;
          }
          state = 'value';
          from = i;
          depth = 0;
          inString = false;
          escaped = false;
          if (byte === COMMA) {
            batch.push({ index: index++, malformed: 'empty array element' });
            state = 'between';
            continue;
          }
          break;
        case 'after':
          if (isSpace(byte)) continue;
          batch.push({ index, malformed: 'content after the end of the JSON array' });
          state = 'done';
          continue;
        case 'value':
          break;
      }
      if (state !== 'value') continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if ((byte === COMMA && depth === 0) || (byte === CLOSE_BRACKET && depth === 0)) {
        element.append(chunk, from, i);
        batch.push(finish());
        state = byte === COMMA ? 'between' : 'after';
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
    }
    if (state === 'value') element.append(chunk, from, chunk.length);
    if (batch.length > 0) yield batch;
  }
  if (state === 'value') {
    const last = finish();
    yield [last, { index, malformed: 'the JSON array is not closed' }];
  } else if (state === 'between') {
    yield [{ index, malformed: 'the JSON array is not closed' }];
  }
}
