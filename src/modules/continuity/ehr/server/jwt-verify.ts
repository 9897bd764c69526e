import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The token endpoint's check of a SMART Backend Services client assertion (RFC 7523 private_key_jwt):
 * RS384 or ES384 signature by the registered key, iss = sub = client id, aud = the token URL, exp at
 * most five minutes ahead, and a jti never seen before for that client.
 */
export interface ParsedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_ASSERTION_CHARS = 16_384;

function decodeJson(part: string): Record<string, unknown> | null {
  if (!BASE64URL.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Splits a compact JWS; null for anything that is not three base64url parts with JSON objects. */
export function parseJwt(token: string): ParsedJwt | null {
  if (token.length > MAX_ASSERTION_CHARS) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  if (!BASE64URL.test(signaturePart) || signaturePart === '') return null;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return null;
  const signature = Buffer.from(signaturePart, 'base64url');
  // One token, one spelling: a last character whose unused bits differ decodes to the same bytes,
  // and must not make an altered token pass as the signed one.
  if (signature.toString('base64url') !== signaturePart) return null;
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature };
}

export interface RegisteredClient {
  clientId: string;
  publicKeyJwk: JsonWebKey;
  /** Scopes the client may be granted; every system scope when absent. */
  scopes?: string[];
}

export type AssertionCheck = { ok: true; clientId: string } | { ok: false; reason: string };

/** Remembers the jti of each accepted assertion until the assertion expires. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  /** False when the pair was seen before (a replay). */
  remember(clientId: string, jti: string, expiresAtMs: number, nowMs: number): boolean {
    if (this.seen.size > 10_000)
      for (const [key, until] of this.seen) if (until < nowMs) this.seen.delete(key);
    const key = `${clientId}\n${jti}`;
    const until = this.seen.get(key);
    if (until !== undefined && until >= nowMs) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }
}

function keyFor(client: RegisteredClient, cache: WeakMap<RegisteredClient, KeyObject>): KeyObject | null {
  const cached = cache.get(client);
  if (cached) return cached;
  try {
    const key = createPublicKey({ key: client.publicKeyJwk, format: 'jwk' });
    cache.set(client, key);
    return key;
  } catch {
    return null;
  }
}

function algorithmFits(alg: string, key: KeyObject): boolean {
  if (alg === 'RS384')
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  if (alg === 'ES384')
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
  return false;
}

export interface AssertionContext {
  clients: ReadonlyMap<string, RegisteredClient>;
  tokenUrl: string;
  nowMs: number;
  replay: ReplayCache;
  keys: WeakMap<RegisteredClient, KeyObject>;
  /** Tolerated clock difference between client and server. */
  skewSeconds: number;
}

export function verifyClientAssertion(assertion: string, context: AssertionContext): AssertionCheck {
  const jwt = parseJwt(assertion);
  if (!jwt) return { ok: false, reason: 'the client assertion is not a compact JWS' };
  const { header, payload } = jwt;
  const alg = header.alg;
  if (alg !== 'RS384' && alg !== 'ES384')
    return { ok: false, reason: 'the signing algorithm is not RS384 or ES384' };
  const { iss, sub, aud, exp, nbf, jti } = payload;
  if (typeof iss !== 'string' || iss !== sub)
    return { ok: false, reason: 'iss and sub must both be the client id' };
  const client = context.clients.get(iss);
  if (!client) return { ok: false, reason: 'the client is not registered' };
  const key = keyFor(client, context.keys);
  if (!key || !algorithmFits(alg, key))
    return { ok: false, reason: 'the algorithm does not fit the registered key' };
  const registeredKid = client.publicKeyJwk.kid;
  if (typeof header.kid === 'string' && typeof registeredKid === 'string' && header.kid !== registeredKid) {
    return { ok: false, reason: 'the key id is not the registered one' };
  }
  const good =
    alg === 'ES384'
      ? jwt.signature.length === 96 &&
        verify('sha384', Buffer.from(jwt.signingInput), { key, dsaEncoding: 'ieee-p1363' }, jwt.signature)
      : verify('sha384', Buffer.from(jwt.signingInput), key, jwt.signature);
  if (!good) return { ok: false, reason: 'the signature does not verify' };
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(context.tokenUrl)) return { ok: false, reason: 'aud is not the token URL' };
  const skewMs = context.skewSeconds * 1000;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'exp is missing' };
  if (exp * 1000 <= context.nowMs - skewMs) return { ok: false, reason: 'the client assertion has expired' };
  if (exp * 1000 > context.nowMs + 300_000 + skewMs)
    return { ok: false, reason: 'exp is more than five minutes ahead' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf * 1000 > context.nowMs + skewMs)) {
    return { ok: false, reason: 'the client assertion is not valid yet' };
  }
  if (typeof jti !== 'string' || jti === '' || jti.length > 256)
    return { ok: false, reason: 'jti is missing' };
  if (!context.replay.remember(iss, jti, exp * 1000 + skewMs, context.nowMs)) {
    return { ok: false, reason: 'the jti was used before' };
  }
  return { ok: true, clientId: iss };
}
