import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRYPTO_OVERHEAD,
  decrypt,
  encrypt,
  masterKeyFromJson,
  masterKeyToJson,
  randomMasterKey,
} from './crypto.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return 'no error';
};

describe('restic authenticated encryption', () => {
  const key = randomMasterKey();

  it('round-trips any plaintext and adds exactly 32 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (plain) => {
        const sealed = encrypt(key, plain);
        expect(sealed.length).toBe(plain.length + CRYPTO_OVERHEAD);
        expect(decrypt(key, sealed).equals(Buffer.from(plain))).toBe(true);
      }),
    );
  });

  it('round-trips buffers larger than one cipher slice', () => {
    const plain = randomBytes(3 * 1024 * 1024 + 5);
    expect(decrypt(key, encrypt(key, plain)).equals(plain)).toBe(true);
  });

  it('uses a fresh IV each time', () => {
    const plain = Buffer.from('same text');
    expect(encrypt(key, plain).subarray(0, 16).equals(encrypt(key, plain).subarray(0, 16))).toBe(false);
  });

  it('detects any single flipped bit as VAULT_DATA_CORRUPT', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (plain, pos, bit) => {
          const sealed = encrypt(key, plain);
          const at = pos % sealed.length;
          sealed[at] = (sealed[at] as number) ^ (1 << bit);
          expect(codeOf(() => decrypt(key, sealed))).toBe('VAULT_DATA_CORRUPT');
        },
      ),
    );
  });

  it('rejects truncated data and a different key', () => {
    const sealed = encrypt(key, Buffer.from('secret'));
    expect(codeOf(() => decrypt(key, sealed.subarray(0, 31)))).toBe('VAULT_DATA_CORRUPT');
    expect(codeOf(() => decrypt(key, sealed.subarray(0, sealed.length - 1)))).toBe('VAULT_DATA_CORRUPT');
    expect(codeOf(() => decrypt(randomMasterKey(), sealed))).toBe('VAULT_DATA_CORRUPT');
  });

  it('serialises the master key as restic does and rejects malformed keys', () => {
    const json = masterKeyToJson(key);
    expect(Object.keys(json)).toEqual(['mac', 'encrypt']);
    const back = masterKeyFromJson(JSON.parse(JSON.stringify(json)));
    expect(back.encrypt.equals(key.encrypt) && back.macK.equals(key.macK) && back.macR.equals(key.macR)).toBe(
      true,
    );
    expect(codeOf(() => masterKeyFromJson({ mac: { k: '', r: '' }, encrypt: '' }))).toBe(
      'VAULT_DATA_CORRUPT',
    );
    expect(codeOf(() => masterKeyFromJson(null))).toBe('VAULT_DATA_CORRUPT');
  });
});
