/** Small byte-level readers shared by the magic-number checks; none reads past the buffer. */

export function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((value, index) => bytes[offset + index] === value);
}

export function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

export function startsWithAscii(bytes: Uint8Array, text: string, offset = 0): boolean {
  return startsWith(bytes, ascii(text), offset);
}

export function uint16le(bytes: Uint8Array, offset: number): number | null {
  const low = bytes[offset];
  const high = bytes[offset + 1];
  return low === undefined || high === undefined ? null : low | (high << 8);
}

export function uint32le(bytes: Uint8Array, offset: number): number | null {
  const low = uint16le(bytes, offset);
  const high = uint16le(bytes, offset + 2);
  return low === null || high === null ? null : low + high * 0x10000;
}

/** Latin-1 view of a slice, for names inside archive headers (never logged). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let index = start; index < Math.min(end, bytes.length); index++) {
    text += String.fromCharCode(bytes[index] ?? 0);
  }
  return text;
}

export function indexOfAscii(bytes: Uint8Array, text: string, from = 0, limit = bytes.length): number {
  const needle = ascii(text);
  const end = Math.min(limit, bytes.length) - needle.length;
  for (let index = from; index <= end; index++) {
    if (startsWith(bytes, needle, index)) return index;
  }
  return -1;
}
