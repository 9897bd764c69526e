import type { KitPayload } from '../types.js';
import { decodeBase64url } from './base64.js';
import { deviceKeyBytes, type DeviceKey } from './device-key-file.js';
import { kitError } from './errors.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, gunzipBounded } from './gunzip.js';
import type { KitHeader, RecipientHeader } from './kit-header.js';
import { assertPayloadMatchesHeader, parsePayload } from './payload-check.js';
import { verifyEnvelope, type TrustedSigner } from './verify-kit.js';
import { decryptAesGcm, derivePassphraseKey, importAesKey, type WebCryptoKey } from './webcrypto.js';

export type KitUnlock = { passphrase: string } | { deviceKey: DeviceKey };

export interface OpenKitOptions {
  trustedSigners: readonly TrustedSigner[];
  /** Upper bound on the unpacked payload; 1 GiB unless set. */
  maxPayloadBytes?: number;
}

export interface OpenedKit {
  header: KitHeader;
  payload: KitPayload;
}

/**
 * Verify, unwrap, decrypt, unpack, parse, in that order: nothing from the kit is acted on before its
 * signature has been checked against a trusted signer. Runs unchanged in the browser viewer.
 */
export async function openKit(
  envelope: string,
  unlock: KitUnlock,
  options: OpenKitOptions,
): Promise<OpenedKit> {
  const { parts, header } = await verifyEnvelope(envelope, options.trustedSigners);
  const dataKey = await importAesKey(await unwrapDataKey(header, unlock));
  const compressed = await decryptAesGcm(
    dataKey,
    decodeBase64url(header.cipher.iv) as Uint8Array,
    decodeBase64url(parts.ciphertext) as Uint8Array,
    new TextEncoder().encode(parts.protected),
  );
  if (compressed === undefined) {
    throw kitError('CONTINUITY_KIT_DECRYPT_FAILED', 'The kit data does not decrypt under its header', {
      kitId: header.kitId,
    });
  }
  const json = decodeUtf8(await gunzipBounded(compressed, maxPayloadBytes(options)));
  const payload = parsePayload(json);
  assertPayloadMatchesHeader(payload, header);
  return { header, payload };
}

async function unwrapDataKey(header: KitHeader, unlock: KitUnlock): Promise<Uint8Array> {
  const kitIdBytes = new TextEncoder().encode(header.kitId);
  if ('passphrase' in unlock) {
    const candidates = header.recipients.filter((recipient) => recipient.kind === 'passphrase');
    if (candidates.length === 0) throw notARecipient('This kit has no passphrase unlock', {});
    for (const recipient of candidates) {
      const key = await derivePassphraseKey(
        unlock.passphrase,
        decodeBase64url(recipient.salt) as Uint8Array,
        recipient.iterations,
      );
      const dataKey = await unwrap(key, recipient, kitIdBytes);
      if (dataKey !== undefined) return dataKey;
    }
    throw kitError('CONTINUITY_KIT_UNLOCK_FAILED', 'The passphrase does not unlock this kit', {
      kitId: header.kitId,
    });
  }
  const deviceId = unlock.deviceKey.deviceId;
  const recipient = header.recipients.find(
    (candidate) => candidate.kind === 'device' && candidate.deviceId === deviceId,
  );
  if (recipient === undefined) throw notARecipient('This kit was not sealed for this device', { deviceId });
  const dataKey = await unwrap(await importAesKey(deviceKeyBytes(unlock.deviceKey)), recipient, kitIdBytes);
  if (dataKey === undefined) {
    throw kitError('CONTINUITY_KIT_UNLOCK_FAILED', 'The device key does not unlock this kit', {
      kitId: header.kitId,
      deviceId,
    });
  }
  return dataKey;
}

async function unwrap(
  key: WebCryptoKey,
  recipient: RecipientHeader,
  kitIdBytes: Uint8Array,
): Promise<Uint8Array | undefined> {
  const dataKey = await decryptAesGcm(
    key,
    decodeBase64url(recipient.iv) as Uint8Array,
    decodeBase64url(recipient.wrappedKey) as Uint8Array,
    kitIdBytes,
  );
  return dataKey?.length === 32 ? dataKey : undefined;
}

function maxPayloadBytes(options: OpenKitOptions): number {
  const limit = options.maxPayloadBytes;
  return limit !== undefined && Number.isSafeInteger(limit) && limit > 0 ? limit : DEFAULT_MAX_PAYLOAD_BYTES;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw kitError('CONTINUITY_KIT_PAYLOAD_INVALID', 'The kit data is not UTF-8 text', {}, error);
  }
}

function notARecipient(message: string, details: Record<string, string>) {
  return kitError('CONTINUITY_KIT_NOT_A_RECIPIENT', message, details);
}
