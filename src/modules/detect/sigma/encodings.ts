/** The byte encodings of the `base64`, `base64offset` and `utf16*` modifiers. */

export type Utf16Form = 'utf16le' | 'utf16be' | 'utf16';

export function utf16Bytes(text: string, form: Utf16Form): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (form === 'utf16le') return le;
  if (form === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return be;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * The three base64 forms of `bytes` when they sit at offset 0, 1 or 2 of a longer encoded text.
 * Characters that also depend on the unknown neighbouring bytes are cut off at both ends, which
 * leaves the part that is the same wherever in the text the bytes appear.
 */
export function base64Offsets(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), Buffer.from(bytes)]);
    const encoded = padded.toString('base64');
    const cutStart = [0, 2, 3][shift] ?? 0;
    const cutEnd = [0, 3, 2][padded.length % 3] ?? 0;
    const middle = encoded.slice(cutStart, encoded.length - cutEnd);
    if (middle !== '' && !out.includes(middle)) out.push(middle);
  }
  return out;
}

/** Bytes as a string of the same code units, the form an event carries undecoded binary in. */
export function bytesAsText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
