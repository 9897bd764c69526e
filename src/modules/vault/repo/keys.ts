import { createHash, randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import type { Backend } from '../backend/types.js';
import { authenticates, corrupt, decrypt, encrypt, masterKeyFromJson, masterKeyToJson } from './crypto.js';
import { DEFAULT_KDF, SALT_SIZE, deriveKey, type KdfParams } from './kdf.js';
import type { Id, MasterKey } from './types.js';

/** A key file: the master key, encrypted with a key derived from one password. */
interface KeyFileJson {
  created: string;
  username: string;
  hostname: string;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  data: string;
}

export interface KeyInfo {
  id: Id;
  created: string;
  username: string;
  hostname: string;
}

export interface NewKeyOptions {
  kdf?: KdfParams;
  username?: string;
  hostname?: string;
  now?: Date;
}

export function currentUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function parseKeyFile(bytes: Buffer): KeyFileJson {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt('key file', 'not JSON');
  }
  const v = value as Partial<KeyFileJson> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.salt !== 'string' ||
    typeof v.data !== 'string' ||
    typeof v.N !== 'number' ||
    typeof v.r !== 'number' ||
    typeof v.p !== 'number'
  ) {
    throw corrupt('key file', 'malformed');
  }
  if (v.kdf !== 'scrypt') throw new LifelineError('VAULT_REPO_UNSUPPORTED', 'key file uses an unknown KDF');
  return v as KeyFileJson;
}

/** Opens one key file; null when the password does not fit it. */
export async function openKeyFile(bytes: Buffer, password: string): Promise<MasterKey | null> {
  const file = parseKeyFile(bytes);
  const salt = Buffer.from(file.salt, 'base64');
  if (salt.length !== SALT_SIZE) throw corrupt('key file', 'salt has the wrong length');
  const userKey = await deriveKey(password, salt, { N: file.N, r: file.r, p: file.p });
  const data = Buffer.from(file.data, 'base64');
  if (!authenticates(userKey, data)) return null;
  let json: unknown;
  try {
    json = JSON.parse(decrypt(userKey, data, 'key file').toString('utf8'));
  } catch (error) {
    if (isLifelineError(error)) throw error;
    throw corrupt('key file', 'master key is not JSON');
  }
  return masterKeyFromJson(json);
}

/** Writes a new key file that unlocks `master` with `password`; returns its id. */
export async function addKey(
  backend: Backend,
  master: MasterKey,
  password: string,
  options: NewKeyOptions = {},
): Promise<Id> {
  const params = options.kdf ?? DEFAULT_KDF;
  const salt = randomBytes(SALT_SIZE);
  const userKey = await deriveKey(password, salt, params);
  const sealed = encrypt(userKey, Buffer.from(JSON.stringify(masterKeyToJson(master))));
  const file: KeyFileJson = {
    created: (options.now ?? new Date()).toISOString(),
    username: options.username ?? currentUsername(),
    hostname: options.hostname ?? hostname(),
    kdf: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64'),
    data: sealed.toString('base64'),
  };
  const bytes = Buffer.from(JSON.stringify(file));
  const id = createHash('sha256').update(bytes).digest('hex');
  await backend.save('key', id, bytes);
  return id;
}

/** Tries every key file in turn, as restic does; a password that opens none is VAULT_WRONG_PASSWORD. */
export async function findKey(backend: Backend, password: string): Promise<{ keyId: Id; master: MasterKey }> {
  let damaged = 0;
  for await (const info of backend.list('key')) {
    try {
      const master = await openKeyFile(await backend.load('key', info.name), password);
      if (master) return { keyId: info.name, master };
    } catch (error) {
      // One damaged key file must not lock out the holders of the others.
      if (!isLifelineError(error) || error.code !== 'VAULT_DATA_CORRUPT') throw error;
      damaged++;
    }
  }
  throw new LifelineError('VAULT_WRONG_PASSWORD', 'no key of the repository opens with that password', {
    damagedKeys: damaged,
  });
}

export async function listKeys(backend: Backend): Promise<KeyInfo[]> {
  const out: KeyInfo[] = [];
  for await (const info of backend.list('key')) {
    const file = parseKeyFile(await backend.load('key', info.name));
    out.push({
      id: info.name,
      created: String(file.created),
      username: String(file.username),
      hostname: String(file.hostname),
    });
  }
  return out.sort((a, b) => a.created.localeCompare(b.created));
}

/** Removes a key file, but never the one this session opened the repository with, nor the last one. */
export async function removeKey(backend: Backend, id: Id, keyInUse: Id): Promise<void> {
  if (id === keyInUse) throw new LifelineError('CONFLICT', 'the key in use cannot be removed', { keyId: id });
  let count = 0;
  let found = false;
  for await (const info of backend.list('key')) {
    count++;
    if (info.name === id) found = true;
  }
  if (!found) throw new LifelineError('NOT_FOUND', 'no such key', { keyId: id });
  if (count <= 1) throw new LifelineError('CONFLICT', 'the last key cannot be removed', { keyId: id });
  await backend.remove('key', id);
}
