import { asBytes } from './base64.js';
import { kitError } from './errors.js';

/**
 * The WebCrypto calls kits need, written once for browsers and Node alike (globalThis.crypto.subtle).
 * AES-GCM failures come back as undefined rather than an exception, because a failed tag check is an
 * expected answer ("wrong passphrase", "tampered data") that callers turn into their own error code.
 */

const ED25519 = { name: 'Ed25519' } as const;

// Named from the global itself: Node's typings keep these types in node:crypto, which this file avoids.
type Subtle = typeof globalThis.crypto.subtle;
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

export function subtle(): Subtle {
  const found = globalThis.crypto?.subtle as Subtle | undefined;
  if (found === undefined) {
    // Browsers withhold crypto.subtle outside secure contexts: a kit must be opened from file:// or https://.
    throw kitError(
      'CONTINUITY_KIT_CRYPTO_UNAVAILABLE',
      'WebCrypto is not available here (not a secure context?)',
      {
        needs: 'crypto.subtle',
      },
    );
  }
  return found;
}

export async function verifyEd25519(
  publicKeyRaw: Uint8Array,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const key = await importEd25519('raw', publicKeyRaw, 'verify');
  return subtle().verify(ED25519, key, asBytes(signature), asBytes(data));
}

export async function signEd25519(privateKeyPkcs8: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const key = await importEd25519('pkcs8', privateKeyPkcs8, 'sign');
  return new Uint8Array(await subtle().sign(ED25519, key, asBytes(data)));
}

async function importEd25519(
  format: 'raw' | 'pkcs8',
  keyData: Uint8Array,
  usage: 'sign' | 'verify',
): Promise<WebCryptoKey> {
  const webCrypto = subtle();
  try {
    return await webCrypto.importKey(format, asBytes(keyData), ED25519, false, [usage]);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'NotSupportedError') {
      throw kitError(
        'CONTINUITY_KIT_CRYPTO_UNAVAILABLE',
        'This browser or runtime does not support Ed25519 signatures',
        { needs: 'Ed25519' },
        error,
      );
    }
    throw kitError(
      'CONTINUITY_KIT_KEY_INVALID',
      `The Ed25519 ${format} key cannot be imported`,
      { format },
      error,
    );
  }
}

export async function importAesKey(keyBytes: Uint8Array): Promise<WebCryptoKey> {
  return subtle().importKey('raw', asBytes(keyBytes), { name: 'AES-GCM' }, false, ['decrypt', 'encrypt']);
}

/** PBKDF2-SHA256 straight to an AES-256-GCM key, so the derived bytes never sit in script memory. */
export async function derivePassphraseKey(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
): Promise<WebCryptoKey> {
  const material = await subtle().importKey('raw', asBytes(encodePassphrase(passphrase)), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: asBytes(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt', 'encrypt'],
  );
}

/** NFC so a passphrase typed on another keyboard or system still derives the same key. */
export function encodePassphrase(passphrase: string): Uint8Array {
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

export async function decryptAesGcm(
  key: WebCryptoKey,
  iv: Uint8Array,
  data: Uint8Array,
  additionalData: Uint8Array,
): Promise<Uint8Array | undefined> {
  const webCrypto = subtle();
  try {
    return new Uint8Array(
      await webCrypto.decrypt(
        { name: 'AES-GCM', iv: asBytes(iv), additionalData: asBytes(additionalData) },
        key,
        asBytes(data),
      ),
    );
  } catch {
    return undefined;
  }
}
