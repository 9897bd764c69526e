import { createPrivateKey, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';
import { sourceError } from './errors.js';

export type AssertionAlgorithm = 'RS384' | 'ES384';

function keyInvalid(reason: string): LifelineError {
  return sourceError('CONTINUITY_SOURCE_KEY_INVALID', reason);
}

/** The private key as a KeyObject, checked against the algorithm SMART allows for it. */
export function loadPrivateKey(
  key: KeyObject | JsonWebKey | string,
  algorithm: AssertionAlgorithm,
): KeyObject {
  let object: KeyObject;
  try {
    if (typeof key === 'string') object = createPrivateKey(key);
    else if ('type' in key && (key as KeyObject).type === 'private') object = key as KeyObject;
    else object = createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
  } catch {
    throw keyInvalid('The private key cannot be read');
  }
  if (object.type !== 'private') throw keyInvalid('The key is not a private key');
  const details = object.asymmetricKeyDetails;
  if (algorithm === 'RS384' && (object.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048)) {
    throw keyInvalid('RS384 needs an RSA key of at least 2048 bits');
  }
  if (algorithm === 'ES384' && (object.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'secp384r1')) {
    throw keyInvalid('ES384 needs an EC key on P-384');
  }
  return object;
}

function part(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export interface AssertionInput {
  clientId: string;
  tokenUrl: string;
  key: KeyObject;
  algorithm: AssertionAlgorithm;
  keyId?: string;
  nowMs: number;
  /** Kept under the five minutes SMART allows, leaving room for clock skew. */
  lifetimeSeconds?: number;
}

/** A SMART Backend Services client assertion: iss = sub = client id, aud = token URL, fresh jti. */
export function createClientAssertion(input: AssertionInput): string {
  const now = Math.floor(input.nowMs / 1000);
  const header = { alg: input.algorithm, typ: 'JWT', ...(input.keyId ? { kid: input.keyId } : {}) };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.tokenUrl,
    iat: now,
    exp: now + Math.min(input.lifetimeSeconds ?? 240, 300),
    jti: randomUUID(),
  };
  const signingInput = `${part(header)}.${part(claims)}`;
  const signature =
    input.algorithm === 'ES384'
      ? sign('sha384', Buffer.from(signingInput), { key: input.key, dsaEncoding: 'ieee-p1363' })
      : sign('sha384', Buffer.from(signingInput), input.key);
  return `${signingInput}.${signature.toString('base64url')}`;
}
