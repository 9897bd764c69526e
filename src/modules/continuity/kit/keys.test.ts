import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeviceKeyFile, writeDeviceKeyFile } from './device-key-store.js';
import { generateDeviceKey, parseDeviceKeyFile, serialiseDeviceKeyFile } from './device-key-file.js';
import { generateSigner, loadSigner } from './signing-keys.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('signing keys', () => {
  it('generates an Ed25519 signer that loads back from its PKCS#8 PEM with the same public key', () => {
    const generated = generateSigner('site-2026');
    expect(generated.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(Buffer.from(generated.publicKey, 'base64url')).toHaveLength(32);
    const loaded = loadSigner('site-2026', generated.privateKeyPem);
    expect(loaded.publicKey).toBe(generated.publicKey);
    expect(loaded.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a PEM that is not an Ed25519 private key, and a key id that could not travel', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => loadSigner('k', rsa.toString())).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_KEY_INVALID' }),
    );
    expect(() => loadSigner('k', 'not a pem')).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_KEY_INVALID' }),
    );
    expect(() => generateSigner('has space')).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_KEY_INVALID' }),
    );
  });
});

describe('device key files', () => {
  it('serialises and parses the lifeline-device-key/1 format', () => {
    const key = generateDeviceKey('laptop-icu-1');
    const text = serialiseDeviceKeyFile(key);
    expect(JSON.parse(text)).toEqual({
      format: 'lifeline-device-key/1',
      deviceId: 'laptop-icu-1',
      key: key.key,
    });
    expect(parseDeviceKeyFile(text)).toEqual(key);
    expect(Buffer.from(key.key, 'base64url')).toHaveLength(32);
    expect(generateDeviceKey('laptop-icu-1').key).not.toBe(key.key);
  });

  it('refuses malformed files', () => {
    const key = generateDeviceKey('d1');
    const cases = [
      'not json',
      '[]',
      JSON.stringify({ format: 'lifeline-device-key/2', deviceId: 'd1', key: key.key }),
      JSON.stringify({ format: 'lifeline-device-key/1', deviceId: 'd1', key: key.key.slice(2) }),
      JSON.stringify({ format: 'lifeline-device-key/1', deviceId: 'd 1', key: key.key }),
      JSON.stringify({ format: 'lifeline-device-key/1', deviceId: 'd1', key: key.key, extra: 1 }),
      JSON.stringify({ format: 'lifeline-device-key/1', deviceId: 7, key: key.key }),
    ];
    for (const text of cases) {
      expect(() => parseDeviceKeyFile(text)).toThrow(
        expect.objectContaining({ code: 'CONTINUITY_KIT_KEY_INVALID' }),
      );
    }
  });

  it('writes owner-only files, never replaces one silently, and reads them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-keys-'));
    dirs.push(dir);
    const path = join(dir, 'device.json');
    const key = generateDeviceKey('laptop-er-2');
    await writeDeviceKeyFile(path, key);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await expect(readDeviceKeyFile(path)).resolves.toEqual(key);
    await expect(writeDeviceKeyFile(path, generateDeviceKey('other'))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_KEY_INVALID',
    });
    await expect(readDeviceKeyFile(path)).resolves.toEqual(key);
    const replacement = generateDeviceKey('laptop-er-2');
    await writeDeviceKeyFile(path, replacement, { overwrite: true });
    await expect(readDeviceKeyFile(path)).resolves.toEqual(replacement);
    await writeFile(join(dir, 'bad.json'), '{}');
    await expect(readDeviceKeyFile(join(dir, 'bad.json'))).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_KEY_INVALID',
    });
  });
});
