import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { poly1305 as nobleAuth } from '@noble/ciphers/_poly1305.js';
import { LifelineError } from '../../../kernel/errors.js';
import { POLY1305_SUPPORTED, poly1305 as fastAuth } from '../parallel/poly1305.js';
import type { MasterKey } from './types.js';

export const IV_SIZE = 16;
export const MAC_SIZE = 16;
/** Bytes every encrypted piece carries on top of its plaintext. */
export const CRYPTO_OVERHEAD = IV_SIZE + MAC_SIZE;

/** OpenSSL slows down sharply on single huge updates, so large buffers go through in slices. */
const SLICE = 1024 * 1024;

export function randomMasterKey(): MasterKey {
  return { encrypt: randomBytes(32), macK: randomBytes(16), macR: randomBytes(16) };
}

export function isValidKey(key: MasterKey): boolean {
  const nonZero = (b: Buffer): boolean => b.some((x) => x !== 0);
  return (
    key.encrypt.length === 32 &&
    key.macK.length === 16 &&
    key.macR.length === 16 &&
    nonZero(key.encrypt) &&
    nonZero(key.macK) &&
    nonZero(key.macR)
  );
}

/** The double-limb Poly1305 is about 1.8× @noble's; it needs a little-endian host. */
const poly1305 = POLY1305_SUPPORTED ? fastAuth : nobleAuth;

/**
 * Poly1305-AES one-time key: `r` as stored (Poly1305 clamps it itself) followed by AES-128_k(nonce).
 * Poly1305 is the slowest step of the format, so backups run it in worker threads (parallel/).
 */
function macOf(key: MasterKey, iv: Buffer, ciphertext: Uint8Array): Uint8Array {
  const aes = createCipheriv('aes-128-ecb', key.macK, null);
  aes.setAutoPadding(false);
  const s = aes.update(iv);
  const oneTimeKey = new Uint8Array(32);
  oneTimeKey.set(key.macR, 0);
  oneTimeKey.set(s, 16);
  return poly1305(ciphertext, oneTimeKey);
}

function ctr(
  key: MasterKey,
  iv: Buffer,
  input: Uint8Array,
  out: Buffer,
  outOffset: number,
  decrypt: boolean,
): void {
  const cipher = decrypt
    ? createDecipheriv('aes-256-ctr', key.encrypt, iv)
    : createCipheriv('aes-256-ctr', key.encrypt, iv);
  let pos = outOffset;
  for (let off = 0; off < input.length; off += SLICE) {
    const piece = cipher.update(input.subarray(off, Math.min(off + SLICE, input.length)));
    pos += piece.copy(out, pos);
  }
  pos += cipher.final().copy(out, pos);
}

/** Encrypts into `IV ‖ AES-256-CTR(plaintext) ‖ Poly1305-AES(ciphertext)`, restic's layout. */
export function encrypt(key: MasterKey, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(plaintext.length + CRYPTO_OVERHEAD);
  let iv = randomBytes(IV_SIZE);
  // restic refuses an all-zero nonce; regenerating is cheaper than ever producing one.
  while (iv.every((b) => b === 0)) iv = randomBytes(IV_SIZE);
  iv.copy(out, 0);
  ctr(key, iv, plaintext, out, IV_SIZE, false);
  const body = out.subarray(IV_SIZE, IV_SIZE + plaintext.length);
  out.set(macOf(key, iv, body), IV_SIZE + plaintext.length);
  return out;
}

/** Verifies the MAC first and only then decrypts; any mismatch is VAULT_DATA_CORRUPT. */
export function decrypt(key: MasterKey, data: Uint8Array, what = 'data'): Buffer {
  if (data.length < CRYPTO_OVERHEAD) throw corrupt(what, 'ciphertext too short');
  const iv = Buffer.from(data.buffer, data.byteOffset, IV_SIZE);
  if (iv.every((b) => b === 0)) throw corrupt(what, 'invalid nonce');
  const body = data.subarray(IV_SIZE, data.length - MAC_SIZE);
  const expected = data.subarray(data.length - MAC_SIZE);
  const actual = macOf(key, iv, body);
  if (!timingSafeEqual(actual, expected)) throw corrupt(what, 'authentication failed');
  const out = Buffer.allocUnsafe(body.length);
  ctr(key, iv, body, out, 0, true);
  return out;
}

/** True when the MAC matches; used to tell a wrong password from damaged data. */
export function authenticates(key: MasterKey, data: Uint8Array): boolean {
  if (data.length < CRYPTO_OVERHEAD) return false;
  const iv = Buffer.from(data.buffer, data.byteOffset, IV_SIZE);
  const actual = macOf(key, iv, data.subarray(IV_SIZE, data.length - MAC_SIZE));
  return timingSafeEqual(actual, data.subarray(data.length - MAC_SIZE));
}

export function corrupt(what: string, reason: string): LifelineError {
  return new LifelineError('VAULT_DATA_CORRUPT', `${what}: ${reason}`, { what, reason });
}

interface MasterKeyJson {
  mac: { k: string; r: string };
  encrypt: string;
}

export function masterKeyToJson(key: MasterKey): MasterKeyJson {
  return {
    mac: { k: key.macK.toString('base64'), r: key.macR.toString('base64') },
    encrypt: key.encrypt.toString('base64'),
  };
}

export function masterKeyFromJson(value: unknown): MasterKey {
  const v = value as Partial<MasterKeyJson> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.encrypt !== 'string' ||
    typeof v.mac !== 'object' ||
    v.mac === null
  ) {
    throw corrupt('master key', 'malformed');
  }
  const { k, r } = v.mac;
  if (typeof k !== 'string' || typeof r !== 'string') throw corrupt('master key', 'malformed');
  const key = {
    encrypt: Buffer.from(v.encrypt, 'base64'),
    macK: Buffer.from(k, 'base64'),
    macR: Buffer.from(r, 'base64'),
  };
  if (!isValidKey(key)) throw corrupt('master key', 'invalid key material');
  return key;
}
