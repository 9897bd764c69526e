import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openKit } from './neutral.js';
import { samplePayload, signerFixture, testDevice } from './kit.testkit.js';
import { sealKit } from './seal-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Files the browser viewer imports: they must use only what browsers and Node share. */
const NEUTRAL_FILES = [
  'neutral.ts',
  'base64.ts',
  'delta.ts',
  'device-key-file.ts',
  'documentation-signature.ts',
  'envelope.ts',
  'errors.ts',
  'gunzip.ts',
  'kit-header.ts',
  'kit-html-read.ts',
  'open-kit.ts',
  'payload-check.ts',
  'verify-kit.ts',
  'webcrypto.ts',
];
const ALLOWED_OUTSIDE = new Set(['../../../kernel/errors.js', '../types.js']);

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('environment neutrality', () => {
  it.each(NEUTRAL_FILES)('%s imports only neutral files and no Node API', async (file) => {
    const source = withoutComments(await readFile(join(here, file), 'utf8'));
    expect(source).not.toMatch(/from '(node:|fs|path|crypto|zlib|buffer)/);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
    for (const [, target] of source.matchAll(/from '([^']+)'/g)) {
      const local = target!.startsWith('./') ? target!.slice(2).replace(/\.js$/, '.ts') : undefined;
      expect(local === undefined ? ALLOWED_OUTSIDE.has(target!) : NEUTRAL_FILES.includes(local)).toBe(true);
    }
  });

  it('the kernel errors file the neutral files share is free of Node APIs too', async () => {
    const source = await readFile(join(here, '../../../kernel/errors.ts'), 'utf8');
    expect(source).not.toMatch(/from '/);
  });

  it('openKit, through the neutral entry point, opens a kit under Node WebCrypto alone', async () => {
    const { signer, trusted } = signerFixture();
    const payload = samplePayload();
    const envelope = await sealKit(payload, {
      signer,
      recipients: [{ kind: 'device', deviceKey: testDevice }],
    });
    expect(globalThis.crypto.subtle).toBeDefined();
    await expect(
      openKit(envelope, { deviceKey: testDevice }, { trustedSigners: trusted }),
    ).resolves.toMatchObject({
      payload,
    });
  });
});

describe('without WebCrypto (a page that is not a secure context)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('refuses with CONTINUITY_KIT_CRYPTO_UNAVAILABLE rather than blaming the key or the kit', async () => {
    const { signer, trusted } = signerFixture();
    const envelope = await sealKit(samplePayload(), {
      signer,
      recipients: [{ kind: 'device', deviceKey: testDevice }],
    });
    vi.stubGlobal('crypto', {});
    await expect(
      openKit(envelope, { deviceKey: testDevice }, { trustedSigners: trusted }),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_KIT_CRYPTO_UNAVAILABLE',
    });
  });
});
