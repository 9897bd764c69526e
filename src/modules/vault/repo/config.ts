import { randomBytes } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';
import type { Backend } from '../backend/types.js';
import { corrupt, decrypt, encrypt } from './crypto.js';
import { formatPolynomial, isIrreducible, parsePolynomial, randomPolynomial } from './polynomial.js';
import type { MasterKey, RepoConfig } from './types.js';

export function createConfig(version: 1 | 2 = 2): RepoConfig {
  return {
    version,
    id: randomBytes(32).toString('hex'),
    chunker_polynomial: formatPolynomial(randomPolynomial()),
  };
}

/** The config file is encrypted but never compressed: it is read before the version is known. */
export async function saveConfig(backend: Backend, key: MasterKey, config: RepoConfig): Promise<void> {
  const json = JSON.stringify({
    version: config.version,
    id: config.id,
    chunker_polynomial: config.chunker_polynomial,
  });
  await backend.save('config', 'config', encrypt(key, Buffer.from(json)));
}

export async function loadConfig(backend: Backend, key: MasterKey): Promise<RepoConfig> {
  const plaintext = decrypt(key, await backend.load('config', 'config'), 'config');
  return parseConfig(plaintext);
}

export function parseConfig(plaintext: Buffer): RepoConfig {
  let value: unknown;
  try {
    value = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw corrupt('config', 'not JSON');
  }
  const v = value as Partial<Record<keyof RepoConfig, unknown>> | null;
  if (typeof v !== 'object' || v === null) throw corrupt('config', 'malformed');
  if (v.version !== 1 && v.version !== 2) {
    throw new LifelineError('VAULT_REPO_UNSUPPORTED', 'unsupported repository format version', {
      version: typeof v.version === 'number' ? v.version : String(v.version),
    });
  }
  if (typeof v.id !== 'string' || !/^[0-9a-f]{64}$/.test(v.id))
    throw corrupt('config', 'invalid repository id');
  const pol = typeof v.chunker_polynomial === 'string' ? parsePolynomial(v.chunker_polynomial) : null;
  if (pol === null || !isIrreducible(pol)) throw corrupt('config', 'invalid chunker polynomial');
  return { version: v.version, id: v.id, chunker_polynomial: v.chunker_polynomial as string };
}
