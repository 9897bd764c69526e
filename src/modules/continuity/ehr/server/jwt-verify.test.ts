import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClientAssertion } from '../../source/client-assertion.js';
import { parseJwt, ReplayCache, verifyClientAssertion, type AssertionContext } from './jwt-verify.js';

const TOKEN_URL = 'http://127.0.0.1:1/auth/token';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

function context(nowMs: number): AssertionContext {
  return {
    clients: new Map([['c1', { clientId: 'c1', publicKeyJwk: rsa.publicKey.export({ format: 'jwk' }) }]]),
    tokenUrl: TOKEN_URL,
    nowMs,
    replay: new ReplayCache(),
    keys: new WeakMap(),
    skewSeconds: 30,
  };
}

describe('parseJwt', () => {
  it('splits a valid compact JWS', () => {
    const token = createClientAssertion({
      clientId: 'c1',
      tokenUrl: TOKEN_URL,
      key: rsa.privateKey,
      algorithm: 'RS384',
      nowMs: Date.now(),
    });
    const parsed = parseJwt(token);
    expect(parsed?.header.alg).toBe('RS384');
    expect(parsed?.payload.iss).toBe('c1');
    expect(parsed?.signature.length).toBe(256);
  });

  it('returns null rather than throwing on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseJwt(text);
        if (parsed) expect(typeof parsed.header).toBe('object');
      }),
    );
  });

  it('returns null for near-miss tokens built from real parts', () => {
    const token = createClientAssertion({
      clientId: 'c1',
      tokenUrl: TOKEN_URL,
      key: rsa.privateKey,
      algorithm: 'RS384',
      nowMs: Date.now(),
    });
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.string({ maxLength: 3 }), (at, insert) => {
        const mutated = token.slice(0, at) + insert + token.slice(at + 1);
        const parsed = parseJwt(mutated);
        const check = verifyClientAssertion(mutated, context(Date.now()));
        if (mutated !== token) expect(check.ok).toBe(false);
        if (parsed === null) expect(check.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('verifyClientAssertion', () => {
  it('accepts a fresh assertion once', () => {
    const now = Date.now();
    const checks = context(now);
    const token = createClientAssertion({
      clientId: 'c1',
      tokenUrl: TOKEN_URL,
      key: rsa.privateKey,
      algorithm: 'RS384',
      nowMs: now,
    });
    expect(verifyClientAssertion(token, checks)).toEqual({ ok: true, clientId: 'c1' });
    expect(verifyClientAssertion(token, checks)).toEqual({ ok: false, reason: 'the jti was used before' });
  });

  it('refuses an unknown client and a mismatched sub', () => {
    const now = Date.now();
    const unknown = createClientAssertion({
      clientId: 'c2',
      tokenUrl: TOKEN_URL,
      key: rsa.privateKey,
      algorithm: 'RS384',
      nowMs: now,
    });
    expect(verifyClientAssertion(unknown, context(now)).ok).toBe(false);
    const [header, , signature] = unknown.split('.');
    const payload = Buffer.from(
      JSON.stringify({ iss: 'c1', sub: 'c2', aud: TOKEN_URL, exp: now / 1000 + 60, jti: 'x' }),
    ).toString('base64url');
    expect(verifyClientAssertion(`${header}.${payload}.${signature}`, context(now))).toEqual({
      ok: false,
      reason: 'iss and sub must both be the client id',
    });
  });
});
