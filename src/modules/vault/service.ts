import { isAbsolute, resolve } from 'node:path';
import { LifelineError } from '../../kernel/errors.js';
import { backup } from './archiver/backup.js';
import type { BackupOptions, BackupResult, Chunker } from './archiver/backup.js';
import { findSnapshot } from './archiver/find-snapshot.js';
import { restore, type RestoreOptions, type RestoreStats } from './archiver/restore.js';
import { LocalBackend } from './backend/local.js';
import { SftpBackend } from './backend/sftp.js';
import type { Backend } from './backend/types.js';
import { MIN_CHUNK, chunkStream, createGearTable } from './chunker/index.js';
import { Repository, type RepositoryOptions } from './repo/repository.js';

/** Where a repository is and how to open it. */
export interface VaultTarget {
  /** A local directory, or later `sftp:user@host:/path`. */
  repo: string;
  password: string;
}

export function backendFor(location: string, cwd = process.cwd()): Backend {
  if (location.startsWith('sftp:')) return new SftpBackend(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new LifelineError('VAULT_REPO_UNSUPPORTED', 'this kind of repository location is not supported', {
      location: location.split(':')[0] ?? '',
    });
  }
  return new LocalBackend(isAbsolute(location) ? location : resolve(cwd, location));
}

export function initRepository(target: VaultTarget, options?: RepositoryOptions): Promise<Repository> {
  return Repository.init(backendFor(target.repo), target.password, options);
}

export function openRepository(target: VaultTarget, options?: RepositoryOptions): Promise<Repository> {
  return Repository.open(backendFor(target.repo), target.password, options);
}

/**
 * The repository's own chunker: the gear table comes from its master key, so chunk boundaries
 * differ between repositories and reveal nothing about content to anyone without the key.
 */
export function chunkerFor(repository: Repository): Chunker {
  const gear = createGearTable(Buffer.concat([repository.masterKey.encrypt, repository.masterKey.macK]));
  return Object.assign((source: AsyncIterable<Buffer>) => chunkStream(source, { gear }), {
    wholeBelow: MIN_CHUNK,
  });
}

/** Backs up under a shared lock, like restic: several backups may run, prune may not meanwhile. */
export async function backupWithLock(
  repository: Repository,
  options: Omit<BackupOptions, 'chunk' | 'parent'> & {
    /** A snapshot id or `latest`; null to read every file again. */
    parentSnapshot?: string | null;
  },
): Promise<BackupResult> {
  const lock = await repository.lock({ exclusive: false });
  try {
    const { parentSnapshot, ...rest } = options;
    const parent =
      parentSnapshot === null
        ? undefined
        : await findSnapshot(repository, parentSnapshot ?? 'latest', {
            ...(options.host ? { host: options.host } : {}),
            paths: options.paths.map((path) => resolve(options.cwd ?? process.cwd(), path)),
          }).catch((error: unknown) => {
            // A first backup has no parent; any other failure must not be hidden.
            if (error instanceof LifelineError && error.code === 'VAULT_SNAPSHOT_NOT_FOUND') return undefined;
            throw error;
          });
    return await backup(repository, {
      ...rest,
      chunk: chunkerFor(repository),
      ...(parent ? { parent } : {}),
    });
  } finally {
    await lock.release();
  }
}

export async function restoreWithLock(
  repository: Repository,
  snapshot: string,
  options: RestoreOptions,
): Promise<RestoreStats> {
  const lock = await repository.lock({ exclusive: false });
  try {
    return await restore(repository, snapshot, options);
  } finally {
    await lock.release();
  }
}
