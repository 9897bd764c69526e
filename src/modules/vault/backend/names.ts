import { LifelineError } from '../../../kernel/errors.js';
import type { FileType } from './types.js';

/** Directory of each file type inside a repository, as restic lays it out. */
export const TYPE_DIRS: Readonly<Record<FileType, string>> = {
  config: '',
  key: 'keys',
  lock: 'locks',
  snapshot: 'snapshots',
  index: 'index',
  data: 'data',
};

/**
 * Files are written under this prefix and renamed into place; one left behind is a write that died
 * half-way (a killed process, a full disk) and is never part of the repository.
 */
export const TEMP_PREFIX = '.tmp-';

/** Every directory a repository writes files into, relative to its root (data's 256 included). */
export function storageDirectories(): string[] {
  const hex = Array.from({ length: 256 }, (_, i) => `data/${i.toString(16).padStart(2, '0')}`);
  return ['', 'keys', 'locks', 'snapshots', 'index', ...hex];
}

export const FILE_TYPES: readonly FileType[] = ['config', 'key', 'lock', 'snapshot', 'index', 'data'];

const ID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Names reach the backend from listings and from other repository files, so a name is checked before
 * it becomes part of a path: only the storage-id shape is accepted, which rules out traversal.
 */
export function checkName(type: FileType, name: string): void {
  if (type === 'config') {
    if (name !== 'config' && name !== '') throw badName(type);
    return;
  }
  if (!ID_PATTERN.test(name)) throw badName(type);
}

export function isStorageName(name: string): boolean {
  return ID_PATTERN.test(name);
}

function badName(type: FileType): LifelineError {
  return new LifelineError('VAULT_BACKEND_FAILED', `invalid ${type} file name`, { type });
}
