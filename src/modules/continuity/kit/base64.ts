/**
 * Base64 and base64url for code that must run unchanged in browsers and Node: atob/btoa only, no
 * Buffer. Decoders are strict because every encoded field of a kit has one canonical form.
 */

/**
 * Bytes backed by a plain ArrayBuffer: what the DOM typings of WebCrypto and DecompressionStream
 * accept. Node's looser typings accept it too.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Views over a SharedArrayBuffer (or of unknown backing) are copied; plain ones pass through. */
export function asBytes(view: Uint8Array): Bytes {
  return view.buffer instanceof ArrayBuffer ? (view as Bytes) : new Uint8Array(view);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// btoa takes a binary string; building it in slices keeps String.fromCharCode's argument list short.
const SLICE = 0x8000;

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  }
  return btoa(binary);
}

export function encodeBase64url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Returns undefined for anything that is not unpadded base64url. */
export function decodeBase64url(text: string): Bytes | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return fromBinary(padded);
}

/** Standard base64 with or without padding; undefined otherwise. */
export function decodeBase64(text: string): Bytes | undefined {
  if (!BASE64.test(text)) return undefined;
  const bare = text.replace(/=+$/, '');
  if (bare.length % 4 === 1) return undefined;
  return fromBinary(bare + '='.repeat((4 - (bare.length % 4)) % 4));
}

function fromBinary(padded: string): Bytes | undefined {
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
