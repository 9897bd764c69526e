import type { KitScope } from '../types.js';
import { decodeBase64url } from './base64.js';
import { kitError } from './errors.js';

/**
 * The envelope header: the only part of a kit readable without unlocking it. It names the kit, its
 * scope and signer and how to unwrap the data key, and holds no patient data. Parsing is strict (exact
 * field sets, exact byte lengths) so nothing unexpected can ride along in a signed header.
 */

export const KIT_ENVELOPE_FORMAT = 'lifeline-kit-envelope/1';
export const PBKDF2_DEFAULT_ITERATIONS = 600_000;
export const PBKDF2_MIN_ITERATIONS = 100_000;
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

/** A signing key as the header, the HTML meta tag and trust lists name it. */
export interface KitSignerIdentity {
  keyId: string;
  /** base64url of the raw 32-byte Ed25519 public key */
  publicKey: string;
}

export interface PassphraseRecipientHeader {
  kind: 'passphrase';
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: string;
  iv: string;
  wrappedKey: string;
}

export interface DeviceRecipientHeader {
  kind: 'device';
  deviceId: string;
  iv: string;
  wrappedKey: string;
}

export type RecipientHeader = PassphraseRecipientHeader | DeviceRecipientHeader;

export interface KitHeader {
  format: typeof KIT_ENVELOPE_FORMAT;
  kitId: string;
  kind: 'full' | 'delta';
  baseKitId: string | null;
  scope: KitScope;
  hospital: string;
  builtAt: string;
  dataAsOf: string;
  signer: KitSignerIdentity;
  cipher: { alg: 'A256GCM'; iv: string };
  compression: 'gzip';
  recipients: RecipientHeader[];
}

export const KIT_HEADER_FIELDS = [
  'format',
  'kitId',
  'kind',
  'baseKitId',
  'scope',
  'hospital',
  'builtAt',
  'dataAsOf',
  'signer',
  'cipher',
  'compression',
  'recipients',
] as const;

/** Key and device ids travel in HTML attributes and file names, so they stay plain. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const PLAIN_TEXT = /^[^\u0000-\u001f\u007f]{1,256}$/;
const WRAPPED_KEY_BYTES = 32 + 16;

export function parseKitHeader(value: unknown): KitHeader {
  const header = record(value, 'header', KIT_HEADER_FIELDS);
  if (header.format !== KIT_ENVELOPE_FORMAT) throw invalid('format');
  const kind = header.kind;
  if (kind !== 'full' && kind !== 'delta') throw invalid('kind');
  const baseKitId =
    kind === 'full' ? nullValue(header.baseKitId, 'baseKitId') : text(header.baseKitId, 'baseKitId');
  const cipher = record(header.cipher, 'cipher', ['alg', 'iv']);
  if (cipher.alg !== 'A256GCM') throw invalid('cipher.alg');
  if (header.compression !== 'gzip') throw invalid('compression');
  if (!Array.isArray(header.recipients) || header.recipients.length === 0) throw invalid('recipients');
  return {
    format: KIT_ENVELOPE_FORMAT,
    kitId: text(header.kitId, 'kitId'),
    kind,
    baseKitId,
    scope: parseScope(header.scope),
    hospital: text(header.hospital, 'hospital'),
    builtAt: time(header.builtAt, 'builtAt'),
    dataAsOf: time(header.dataAsOf, 'dataAsOf'),
    signer: parseSignerIdentity(header.signer, 'signer'),
    cipher: { alg: 'A256GCM', iv: bytes(cipher.iv, 'cipher.iv', 12) },
    compression: 'gzip',
    recipients: header.recipients.map((recipient: unknown, index) => parseRecipient(recipient, index)),
  };
}

export function parseSignerIdentity(value: unknown, where: string): KitSignerIdentity {
  const signer = record(value, where, ['keyId', 'publicKey']);
  return {
    keyId: keyId(signer.keyId, `${where}.keyId`),
    publicKey: bytes(signer.publicKey, `${where}.publicKey`, 32),
  };
}

function parseScope(value: unknown): KitScope {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'unit')
    return { kind, unit: text(record(value, 'scope', ['kind', 'unit']).unit, 'scope.unit') };
  if (kind === 'site')
    return { kind, site: text(record(value, 'scope', ['kind', 'site']).site, 'scope.site') };
  throw invalid('scope.kind');
}

function parseRecipient(value: unknown, index: number): RecipientHeader {
  const where = `recipients[${index}]`;
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'passphrase') {
    const fields = ['kind', 'kdf', 'iterations', 'salt', 'iv', 'wrappedKey'] as const;
    const recipient = record(value, where, fields);
    if (recipient.kdf !== 'PBKDF2-SHA256') throw invalid(`${where}.kdf`);
    const iterations = recipient.iterations;
    if (
      typeof iterations !== 'number' ||
      !Number.isSafeInteger(iterations) ||
      iterations < PBKDF2_MIN_ITERATIONS ||
      iterations > PBKDF2_MAX_ITERATIONS
    ) {
      throw invalid(`${where}.iterations`);
    }
    return {
      kind,
      kdf: 'PBKDF2-SHA256',
      iterations,
      salt: bytes(recipient.salt, `${where}.salt`, 16),
      iv: bytes(recipient.iv, `${where}.iv`, 12),
      wrappedKey: bytes(recipient.wrappedKey, `${where}.wrappedKey`, WRAPPED_KEY_BYTES),
    };
  }
  if (kind === 'device') {
    const recipient = record(value, where, ['kind', 'deviceId', 'iv', 'wrappedKey']);
    return {
      kind,
      deviceId: keyId(recipient.deviceId, `${where}.deviceId`),
      iv: bytes(recipient.iv, `${where}.iv`, 12),
      wrappedKey: bytes(recipient.wrappedKey, `${where}.wrappedKey`, WRAPPED_KEY_BYTES),
    };
  }
  throw invalid(`${where}.kind`);
}

function record<const K extends string>(
  value: unknown,
  where: string,
  fields: readonly K[],
): Record<K, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(where);
  const keys = Object.keys(value);
  if (keys.length !== fields.length || !keys.every((key) => (fields as readonly string[]).includes(key))) {
    throw invalid(where);
  }
  return value as Record<K, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || !PLAIN_TEXT.test(value)) throw invalid(where);
  return value;
}

function keyId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !KEY_ID_PATTERN.test(value)) throw invalid(where);
  return value;
}

function nullValue(value: unknown, where: string): null {
  if (value !== null) throw invalid(where);
  return null;
}

function time(value: unknown, where: string): string {
  if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(where);
  }
  return value;
}

function bytes(value: unknown, where: string, length: number): string {
  if (typeof value !== 'string' || decodeBase64url(value)?.length !== length) throw invalid(where);
  return value;
}

function invalid(field: string) {
  return kitError('CONTINUITY_KIT_HEADER_INVALID', `The kit header field ${field} is missing or malformed`, {
    field,
  });
}
