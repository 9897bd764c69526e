import { binaryType } from './magic.js';
import { detectText } from './text-kind.js';

/**
 * Types whose signature is short enough that random bytes match it now and then (an MPEG frame
 * sync is 11 bits, an OpenPGP packet header about 12). Judgement treats them as "no type" when the
 * content is high-entropy, so an encryptor's output cannot hide behind a lucky first byte.
 */
export const WEAK_TYPES: ReadonlySet<string> = new Set(['mp3', 'pgp']);

/**
 * The type of a file from its first bytes: a binary signature first, then text kinds, else
 * `unknown`. An empty head is `empty`. Never throws, whatever the bytes.
 */
export function detectType(head: Uint8Array): string {
  if (head.length === 0) return 'empty';
  // A UTF-16 byte-order mark also reads as an MPEG frame sync; text is the likelier meaning.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'text';
  return binaryType(head) ?? detectText(head) ?? 'unknown';
}
