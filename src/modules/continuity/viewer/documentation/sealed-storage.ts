import { decodeBase64, decodeBase64url, encodeBase64url, type Bytes } from '../../kit/base64.js';
import { viewerError } from '../errors.js';

/**
 * Documentation at rest in browser storage, sealed with AES-256-GCM. On file:// pages Chromium gives
 * every local file one storage area, so any HTML file on the laptop could read plain JSON; sealed,
 * only someone who unlocked a kit of the same scope (and so holds its documentation key) can.
 *
 * The key comes from the kit's documentation key rather than from the kit's data key because the
 * documentation key stays the same for a scope across kits: documentation typed under the 03:00 kit
 * must open under the 08:59 kit.
 */

const INFO = 'lifeline viewer documentation at rest v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

/** What stored text turned out to be. */
export type Unsealed =
  | { kind: 'opened'; text: string }
  /** Not an envelope at all: documentation from before sealing (plain JSON), or something else. */
  | { kind: 'not-sealed' }
  /** An envelope whose tag does not verify: sealed under another documentation key, or altered. */
  | { kind: 'other-key' }
  /** An envelope this viewer cannot read (another version, broken fields). */
  | { kind: 'malformed' };

interface Envelope {
  v: unknown;
  iv: unknown;
  ct: unknown;
}

const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'ct' in value;

export class DocumentationSeal {
  private constructor(
    private readonly key: CryptoKey,
    /** The storage key as AAD: an envelope copied under another scope's key does not open there. */
    private readonly aad: Bytes,
  ) {}

  /**
   * HKDF-SHA256 over the PKCS#8 bytes of the documentation key, salted with the storage key, so each
   * hospital and scope gets its own key even if two scopes ever shared a documentation key.
   */
  static async derive(documentationKeyPkcs8: string, storageKey: string): Promise<DocumentationSeal> {
    const secret = decodeBase64(documentationKeyPkcs8);
    if (secret === undefined || secret.length === 0)
      throw viewerError('CONTINUITY_VIEWER_STORAGE_FAILED', 'The kit documentation key is not usable', {
        reason: 'documentation-key',
      });
    const subtle = globalThis.crypto.subtle;
    const base = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
    const key = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(storageKey), info: encoder.encode(INFO) },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    return new DocumentationSeal(key, encoder.encode(storageKey));
  }

  /** A fresh random IV on every call: the same key seals every change of the scope's documentation. */
  async seal(text: string): Promise<string> {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ct = await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: this.aad },
      this.key,
      encoder.encode(text),
    );
    return JSON.stringify({ v: 1, iv: encodeBase64url(iv), ct: encodeBase64url(new Uint8Array(ct)) });
  }

  async unseal(stored: string): Promise<Unsealed> {
    let value: unknown;
    try {
      value = JSON.parse(stored);
    } catch {
      return { kind: 'not-sealed' };
    }
    if (!isEnvelope(value)) return { kind: 'not-sealed' };
    const iv = typeof value.iv === 'string' ? decodeBase64url(value.iv) : undefined;
    const ct = typeof value.ct === 'string' ? decodeBase64url(value.ct) : undefined;
    if (value.v !== 1 || iv?.length !== IV_BYTES || ct === undefined || ct.length < TAG_BYTES)
      return { kind: 'malformed' };
    try {
      const plain = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: this.aad },
        this.key,
        ct,
      );
      return { kind: 'opened', text: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
    } catch {
      // AES-GCM cannot tell a wrong key from altered bytes; either way this key cannot read it.
      return { kind: 'other-key' };
    }
  }
}
