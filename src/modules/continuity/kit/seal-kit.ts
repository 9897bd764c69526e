import { createCipheriv, createPublicKey, pbkdf2, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LifelineError } from '../../../kernel/errors.js';
import type { KitPayload } from '../types.js';
import { deviceKeyBytes, type DeviceKey } from './device-key-file.js';
import { kitError } from './errors.js';
import {
  KIT_ENVELOPE_FORMAT,
  KIT_HEADER_FIELDS,
  PBKDF2_DEFAULT_ITERATIONS,
  PBKDF2_MAX_ITERATIONS,
  PBKDF2_MIN_ITERATIONS,
  parseKitHeader,
  type KitHeader,
  type RecipientHeader,
} from './kit-header.js';
import { KIT_PAYLOAD_FORMAT } from './payload-check.js';
import type { KitSigner } from './signing-keys.js';
import { encodePassphrase } from './webcrypto.js';

const pbkdf2Async = promisify(pbkdf2);
const gzipAsync = promisify(gzip);

export type KitRecipient =
  | {
      kind: 'passphrase';
      passphrase: string;
      /** 600,000 unless set; at least 100,000 */ iterations?: number;
    }
  | { kind: 'device'; deviceKey: DeviceKey };

export interface SealKitOptions {
  signer: KitSigner;
  recipients: readonly KitRecipient[];
}

/**
 * Encrypts a payload under a fresh data key, wraps that key for each recipient and signs the result
 * (format: kit-header.ts and the module contract). Only the header is readable without a key, and it
 * names the kit, never a patient.
 */
export async function sealKit(payload: KitPayload, options: SealKitOptions): Promise<string> {
  assertSignerMatches(options.signer);
  assertRecipients(options.recipients);
  if (payload.format !== KIT_PAYLOAD_FORMAT) throw sealInvalid('The payload is not a lifeline-kit/1 payload');
  const dataKey = randomBytes(32);
  try {
    const header: KitHeader = {
      format: KIT_ENVELOPE_FORMAT,
      kitId: payload.kitId,
      kind: payload.kind,
      baseKitId: payload.baseKitId,
      scope: payload.scope,
      hospital: payload.hospital,
      builtAt: payload.builtAt,
      dataAsOf: payload.dataAsOf,
      signer: { keyId: options.signer.keyId, publicKey: options.signer.publicKey },
      cipher: { alg: 'A256GCM', iv: randomBytes(12).toString('base64url') },
      compression: 'gzip',
      recipients: await Promise.all(
        options.recipients.map((recipient) => wrapForRecipient(recipient, dataKey, payload.kitId)),
      ),
    };
    const encodedHeader = Buffer.from(JSON.stringify(checkedHeader(header)), 'utf8').toString('base64url');
    const compressed = await gzipAsync(Buffer.from(JSON.stringify(payload), 'utf8'));
    const ciphertext = encrypt(
      dataKey,
      Buffer.from(header.cipher.iv, 'base64url'),
      compressed,
      Buffer.from(encodedHeader, 'ascii'),
    ).toString('base64url');
    const signature = sign(
      null,
      Buffer.from(`${encodedHeader}.${ciphertext}`, 'ascii'),
      options.signer.privateKey,
    );
    return JSON.stringify({
      protected: encodedHeader,
      ciphertext,
      signature: signature.toString('base64url'),
    });
  } finally {
    dataKey.fill(0);
  }
}

async function wrapForRecipient(
  recipient: KitRecipient,
  dataKey: Buffer,
  kitId: string,
): Promise<RecipientHeader> {
  const iv = randomBytes(12);
  const kitIdBytes = Buffer.from(kitId, 'utf8');
  if (recipient.kind === 'device') {
    const wrappedKey = encrypt(Buffer.from(deviceKeyBytes(recipient.deviceKey)), iv, dataKey, kitIdBytes);
    return {
      kind: 'device',
      deviceId: recipient.deviceKey.deviceId,
      iv: iv.toString('base64url'),
      wrappedKey: wrappedKey.toString('base64url'),
    };
  }
  const iterations = recipient.iterations ?? PBKDF2_DEFAULT_ITERATIONS;
  const salt = randomBytes(16);
  const wrappingKey = await pbkdf2Async(
    encodePassphrase(recipient.passphrase),
    salt,
    iterations,
    32,
    'sha256',
  );
  const wrappedKey = encrypt(wrappingKey, iv, dataKey, kitIdBytes);
  wrappingKey.fill(0);
  return {
    kind: 'passphrase',
    kdf: 'PBKDF2-SHA256',
    iterations,
    salt: salt.toString('base64url'),
    iv: iv.toString('base64url'),
    wrappedKey: wrappedKey.toString('base64url'),
  };
}

/** AES-256-GCM with the tag appended, the layout WebCrypto reads. */
function encrypt(key: Buffer, iv: Buffer, plaintext: Buffer, additionalData: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/**
 * The header is the one part readable without a key: it must hold the contract's fields and nothing
 * else, and must pass the same strict parser openKit uses.
 */
function checkedHeader(header: KitHeader): KitHeader {
  const fields = Object.keys(header);
  if (
    fields.length !== KIT_HEADER_FIELDS.length ||
    !KIT_HEADER_FIELDS.every((field, i) => fields[i] === field)
  ) {
    throw sealInvalid('The kit header would carry fields outside the kit format');
  }
  try {
    return parseKitHeader(header);
  } catch (error) {
    if (error instanceof LifelineError && typeof error.details.field === 'string') {
      throw sealInvalid(`The payload's ${error.details.field} cannot go into a kit header`, {
        field: error.details.field,
      });
    }
    throw error;
  }
}

function assertRecipients(recipients: readonly KitRecipient[]): void {
  if (recipients.length === 0) throw sealInvalid('A kit needs at least one recipient');
  const deviceIds = new Set<string>();
  for (const recipient of recipients) {
    if (recipient.kind === 'device') {
      deviceKeyBytes(recipient.deviceKey);
      if (deviceIds.has(recipient.deviceKey.deviceId)) throw sealInvalid('A device is listed twice');
      deviceIds.add(recipient.deviceKey.deviceId);
      continue;
    }
    if (recipient.passphrase.length === 0) throw sealInvalid('A passphrase recipient needs a passphrase');
    const iterations = recipient.iterations ?? PBKDF2_DEFAULT_ITERATIONS;
    if (
      !Number.isSafeInteger(iterations) ||
      iterations < PBKDF2_MIN_ITERATIONS ||
      iterations > PBKDF2_MAX_ITERATIONS
    ) {
      throw sealInvalid(
        `PBKDF2 iterations must be between ${PBKDF2_MIN_ITERATIONS} and ${PBKDF2_MAX_ITERATIONS}`,
        { iterations },
      );
    }
  }
}

function assertSignerMatches(signer: KitSigner): void {
  const actual = createPublicKey(signer.privateKey).export({ format: 'jwk' }).x;
  if (signer.privateKey.asymmetricKeyType !== 'ed25519' || actual !== signer.publicKey) {
    throw kitError('CONTINUITY_KIT_KEY_INVALID', 'The signer public key does not belong to its private key', {
      key: 'signer',
    });
  }
}

function sealInvalid(message: string, details: Record<string, string | number> = {}) {
  return kitError('CONTINUITY_KIT_SEAL_INVALID', message, details);
}
