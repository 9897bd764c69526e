/**
 * Whether a head is text, and which kind: html, xml, json, base64 (an encoded blob, the output of
 * an encryptor that keeps its output printable) or plain text. Only the head is seen, so a
 * multi-byte character cut at its end is forgiven.
 */
const decoder = new TextDecoder('utf-8', { fatal: true });
const PRINTABLE_SHARE = 0.95;
const MIN_BASE64 = 64;

function isTextControl(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c || byte === 0x1b;
}

/** Drops a trailing, incomplete UTF-8 sequence (at most three bytes) cut by the head's end. */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (byte < 0x80) return bytes;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(withoutCutCharacter(bytes));
  } catch {
    return null;
  }
}

/** Legacy 8-bit text (Latin-1, Windows-1252) is not UTF-8 but is still mostly printable. */
function mostlyPrintable(bytes: Uint8Array): boolean {
  let printable = 0;
  for (const byte of bytes) {
    if (byte === 0) return false;
    if ((byte >= 0x20 && byte < 0x7f) || byte >= 0xa0 || isTextControl(byte)) printable++;
  }
  return printable >= bytes.length * PRINTABLE_SHARE;
}

function controlFree(text: string): boolean {
  let controls = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0) return false;
    if (code < 0x20 && !isTextControl(code)) controls++;
  }
  return controls <= text.length * (1 - PRINTABLE_SHARE);
}

function isBase64Blob(text: string): boolean {
  const lines = text.split(/\r?\n/);
  const joined = lines.join('');
  if (joined.length < MIN_BASE64 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(joined)) return false;
  // Real words also match the alphabet; an encoded blob mixes cases and digits in long lines.
  return (
    /[0-9]/.test(joined) && /[a-z]/.test(joined) && /[A-Z]/.test(joined) && (lines[0]?.length ?? 0) >= 40
  );
}

function textKind(text: string): string {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const lower = start.slice(0, 512).toLowerCase();
  if (lower.startsWith('<?xml')) return /<(!doctype )?html/.test(lower) ? 'html' : 'xml';
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || /^<(head|body|meta)\b/.test(lower)) {
    return 'html';
  }
  if (/^[[{]\s*["{[\]}\d-]/.test(start) || /^[[{]\s*$/.test(start)) return 'json';
  if (isBase64Blob(start.trimEnd())) return 'base64';
  return 'text';
}

/** The text kind of a head, or null when it is not text. */
export function detectText(head: Uint8Array): string | null {
  if (head.length === 0) return null;
  const decoded = decodeUtf8(head);
  if (decoded !== null) return controlFree(decoded) ? textKind(decoded) : null;
  return mostlyPrintable(head) ? 'text' : null;
}
