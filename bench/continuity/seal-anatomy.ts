/**
 * What sealing a kit costs, step by step, measured on a real kit's payload in Node: the builder's
 * `otherSeconds` split into JSON, gzip, AES-GCM, the PBKDF2 key wrap and the Ed25519 signature.
 * The payload comes from opening the built kit with its passphrase (that open is timed too).
 */
import { createCipheriv, generateKeyPairSync, pbkdf2, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { openKit, readKitHeader, type KitSignerIdentity } from '../../src/modules/continuity/index.js';
import { PASSPHRASE } from './platform.js';

const pbkdf2Async = promisify(pbkdf2);
const gzipAsync = promisify(gzip);

export interface SealAnatomy {
  nodeOpenSeconds: number;
  jsonSeconds: number;
  gzipSeconds: number;
  aesSeconds: number;
  pbkdf2Seconds: number;
  signSeconds: number;
  jsonBytes: number;
  gzipBytes: number;
  iterations: number;
}

async function seconds<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [(performance.now() - started) / 1000, value];
}

export async function sealAnatomy(envelope: string, signer: KitSignerIdentity): Promise<SealAnatomy> {
  const [nodeOpenSeconds, opened] = await seconds(() =>
    openKit(envelope, { passphrase: PASSPHRASE }, { trustedSigners: [signer] }),
  );
  const passphrase = readKitHeader(envelope).recipients.find((recipient) => recipient.kind === 'passphrase');
  const iterations = passphrase?.kind === 'passphrase' ? passphrase.iterations : 600_000;
  const [jsonSeconds, json] = await seconds(() => JSON.stringify(opened.payload));
  const [gzipSeconds, compressed] = await seconds(() => gzipAsync(Buffer.from(json)));
  const [aesSeconds, ciphertext] = await seconds(() => {
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    return Buffer.concat([cipher.update(compressed), cipher.final(), cipher.getAuthTag()]);
  });
  const [pbkdf2Seconds] = await seconds(() =>
    pbkdf2Async(PASSPHRASE, randomBytes(16), iterations, 32, 'sha256'),
  );
  const { privateKey } = generateKeyPairSync('ed25519');
  const [signSeconds] = await seconds(() =>
    sign(null, Buffer.from(ciphertext.toString('base64url')), privateKey),
  );
  return {
    nodeOpenSeconds,
    jsonSeconds,
    gzipSeconds,
    aesSeconds,
    pbkdf2Seconds,
    signSeconds,
    jsonBytes: Buffer.byteLength(json),
    gzipBytes: compressed.length,
    iterations,
  };
}
