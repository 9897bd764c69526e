/**
 * Poly1305 throughput, @noble/ciphers against the vault's double-limb version:
 * `npx tsx bench/vault/poly1305.ts`. Prints MB/s over 64 MiB (twice each) and over 1000-byte messages.
 */
import { randomBytes } from 'node:crypto';
import { poly1305 as noble } from '@noble/ciphers/_poly1305.js';
// The benchmark measures the MAC itself, below the vault's public surface.
// eslint-disable-next-line no-restricted-imports
import { poly1305 as vault } from '../../src/modules/vault/parallel/poly1305.js';

const key = randomBytes(32);
const data = randomBytes(64 * 1024 * 1024);
const impls = [
  ['@noble/ciphers', noble],
  ['vault', vault],
] as const;
for (let round = 0; round < 2; round++) {
  for (const [name, mac] of impls) {
    const t = performance.now();
    let tag: Uint8Array = new Uint8Array();
    for (let i = 0; i < 2; i++) tag = mac(data, key);
    const s = (performance.now() - t) / 1000;
    console.log(
      `${name}: ${((2 * data.length) / 1e6 / s).toFixed(0)} MB/s (${Buffer.from(tag).toString('hex')})`,
    );
  }
}
const small = randomBytes(1000);
for (const [name, mac] of impls) {
  const t = performance.now();
  for (let i = 0; i < 20000; i++) mac(small, key);
  console.log(`${name}, 1000-byte messages: ${(20 / ((performance.now() - t) / 1000)).toFixed(0)} MB/s`);
}
