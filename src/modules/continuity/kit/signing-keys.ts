import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KitPayload } from '../types.js';
import { kitError } from './errors.js';
import { KEY_ID_PATTERN, type KitSignerIdentity } from './kit-header.js';

/**
 * Ed25519 keys, server side: the signer that seals kits (kept as PKCS#8 PEM in the data directory)
 * and the per-scope documentation key that travels inside kits so the viewer can sign what staff
 * record during downtime.
 */

export interface GeneratedSigner extends KitSignerIdentity {
  /** PKCS#8 PEM; store it readable by the service only. */
  privateKeyPem: string;
}

/** A signer ready for sealKit. */
export interface KitSigner extends KitSignerIdentity {
  privateKey: KeyObject;
}

export interface GeneratedDocumentationKey {
  keyId: string;
  /** base64 of the PKCS#8 DER private key, as KitPayload.documentationKey carries it */
  privateKeyPkcs8: string;
  /** base64url of the raw public key, for verifyDocumentationBundle's trust list */
  publicKey: string;
}

export function generateSigner(keyId: string): GeneratedSigner {
  assertKeyId(keyId);
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: rawPublicKey(privateKey),
  };
}

export function loadSigner(keyId: string, privateKeyPem: string): KitSigner {
  assertKeyId(keyId);
  const privateKey = importPrivateKey(
    () => createPrivateKey({ key: privateKeyPem, format: 'pem' }),
    'signer',
  );
  return { keyId, privateKey, publicKey: rawPublicKey(privateKey) };
}

export function generateDocumentationKey(keyId: string): GeneratedDocumentationKey {
  assertKeyId(keyId);
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    keyId,
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicKey: rawPublicKey(privateKey),
  };
}

/** The public half of a kit's documentation key, to trust its bundles at reconciliation. */
export function documentationPublicKey(key: KitPayload['documentationKey']): KitSignerIdentity {
  const privateKey = importPrivateKey(
    () => createPrivateKey({ key: Buffer.from(key.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }),
    'documentation',
  );
  return { keyId: key.keyId, publicKey: rawPublicKey(privateKey) };
}

function importPrivateKey(load: () => KeyObject, which: string): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = load();
  } catch (error) {
    throw kitError('CONTINUITY_KIT_KEY_INVALID', `The ${which} key cannot be read`, { key: which }, error);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw kitError('CONTINUITY_KIT_KEY_INVALID', `The ${which} key is not an Ed25519 key`, { key: which });
  }
  return privateKey;
}

function rawPublicKey(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string')
    throw kitError('CONTINUITY_KIT_KEY_INVALID', 'The key has no Ed25519 public part');
  return jwk.x;
}

function assertKeyId(keyId: string): void {
  if (!KEY_ID_PATTERN.test(keyId)) {
    throw kitError(
      'CONTINUITY_KIT_KEY_INVALID',
      'A key id is 1 to 128 letters, digits, dots, dashes or underscores',
    );
  }
}
