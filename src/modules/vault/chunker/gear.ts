import { hkdfSync } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';

/** Salt and info separate this derivation from every other use of the same repository key. */
const SALT = Buffer.from('lifeline/vault/chunker', 'utf8');
const INFO = Buffer.from('gear table v1', 'utf8');

/**
 * Derives the 256-entry gear table from a repository secret. A public table would let anyone who
 * sees chunk sizes (pack sizes, upload sizes) test guesses about file content; a keyed table makes
 * boundaries, and so sizes, unpredictable without the key and different in every repository.
 *
 * The bytes are read little-endian so a table is identical on every platform.
 */
export function createGearTable(key: Uint8Array): Uint32Array {
  if (key.length < 32) {
    throw new LifelineError('VALIDATION_FAILED', 'The chunker key must be at least 32 bytes', {
      keyLength: key.length,
    });
  }
  const bytes = Buffer.from(hkdfSync('sha256', key, SALT, INFO, 256 * 4));
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) table[i] = bytes.readUInt32LE(i * 4);
  return table;
}
