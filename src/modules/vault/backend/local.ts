import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';
import { backendError, isNotFound } from './io-errors.js';
import { FILE_TYPES, TEMP_PREFIX, TYPE_DIRS, checkName, isStorageName, storageDirectories } from './names.js';
import type { Backend, FileInfo, FileType } from './types.js';

/** Files are made read-only once written: repository files never change after they exist. */
const FILE_MODE = 0o400;
const DIR_MODE = 0o700;

/** A repository in a local directory, laid out exactly as restic's local backend lays it out. */
export class LocalBackend implements Backend {
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = root;
  }

  async exists(): Promise<boolean> {
    return (await this.stat('config', 'config')) !== null;
  }

  async create(): Promise<void> {
    if (await this.exists()) {
      throw new LifelineError('VAULT_REPO_EXISTS', 'a repository exists at that location already');
    }
    try {
      await mkdir(this.root, { recursive: true, mode: DIR_MODE });
      for (const type of FILE_TYPES) {
        if (type !== 'config' && type !== 'data')
          await mkdir(join(this.root, TYPE_DIRS[type]), { recursive: true, mode: DIR_MODE });
      }
      for (let i = 0; i < 256; i++) {
        await mkdir(join(this.root, 'data', i.toString(16).padStart(2, '0')), {
          recursive: true,
          mode: DIR_MODE,
        });
      }
    } catch (error) {
      throw backendError('creating the repository', error);
    }
  }

  async save(type: FileType, name: string, data: Buffer): Promise<void> {
    checkName(type, name);
    const target = this.pathOf(type, name);
    const dir = this.dirOf(type, name);
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      await this.ensureDir(dir);
      const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(data);
        await handle.chmod(FILE_MODE);
        // Durable before visible: a crash must never leave a named but truncated file.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await publish(temp, target);
      await syncDir(dir);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw backendError(`saving a ${type} file`, error, { type });
    }
  }

  async load(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer> {
    checkName(type, name);
    try {
      const handle = await open(this.pathOf(type, name), 'r');
      try {
        if (!range) return await handle.readFile();
        if (range.offset < 0 || range.length < 0) throw rangeError(type);
        const out = Buffer.allocUnsafe(range.length);
        let filled = 0;
        while (filled < range.length) {
          const { bytesRead } = await handle.read(out, filled, range.length - filled, range.offset + filled);
          if (bytesRead === 0) throw rangeError(type);
          filled += bytesRead;
        }
        return out;
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isNotFound(error)) await this.assertRoot();
      throw backendError(`loading a ${type} file`, error, { type });
    }
  }

  async stat(type: FileType, name: string): Promise<FileInfo | null> {
    checkName(type, name);
    try {
      const info = await stat(this.pathOf(type, name));
      return { name: type === 'config' ? 'config' : name, size: info.size };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw backendError(`reading a ${type} file's size`, error, { type });
    }
  }

  async *list(type: FileType): AsyncIterable<FileInfo> {
    await this.assertRoot();
    if (type === 'config') {
      const info = await this.stat('config', 'config');
      if (info) yield info;
      return;
    }
    const base = join(this.root, TYPE_DIRS[type]);
    const dirs =
      type === 'data'
        ? (await readNames(base)).filter((d) => /^[0-9a-f]{2}$/.test(d)).map((d) => join(base, d))
        : [base];
    for (const dir of dirs) {
      for (const name of await readNames(dir)) {
        if (!isStorageName(name)) continue;
        try {
          const info = await stat(join(dir, name));
          yield { name, size: info.size };
        } catch (error) {
          // A file removed between readdir and stat is simply no longer listed.
          if (!isNotFound(error)) throw backendError(`listing ${type} files`, error, { type });
        }
      }
    }
  }

  async remove(type: FileType, name: string): Promise<void> {
    checkName(type, name);
    try {
      await unlink(this.pathOf(type, name));
    } catch (error) {
      if (isNotFound(error)) await this.assertRoot();
      throw backendError(`removing a ${type} file`, error, { type });
    }
  }

  async removeStaleTemporaries(olderThan: Date): Promise<number> {
    await this.assertRoot();
    let removed = 0;
    for (const dir of storageDirectories().map((sub) => join(this.root, sub))) {
      for (const name of await readNames(dir)) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const path = join(dir, name);
        try {
          if ((await stat(path)).mtimeMs >= olderThan.getTime()) continue;
          await unlink(path);
          removed++;
        } catch (error) {
          if (!isNotFound(error)) throw backendError('removing a half-written file', error);
        }
      }
    }
    return removed;
  }

  async close(): Promise<void> {}

  private dirOf(type: FileType, name: string): string {
    if (type === 'config') return this.root;
    if (type === 'data') return join(this.root, 'data', name.slice(0, 2));
    return join(this.root, TYPE_DIRS[type]);
  }

  private pathOf(type: FileType, name: string): string {
    return type === 'config' ? join(this.root, 'config') : join(this.dirOf(type, name), name);
  }

  private async ensureDir(dir: string): Promise<void> {
    await this.assertRoot();
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
  }

  private async assertRoot(): Promise<void> {
    try {
      const info = await stat(this.root);
      if (!info.isDirectory())
        throw new LifelineError('VAULT_REPO_NOT_FOUND', 'the repository location is not a directory');
    } catch (error) {
      if (isNotFound(error))
        throw new LifelineError('VAULT_REPO_NOT_FOUND', 'no repository directory at that location');
      throw backendError('opening the repository directory', error);
    }
  }
}

function rangeError(type: FileType): LifelineError {
  return new LifelineError('VAULT_BACKEND_FAILED', `requested range is outside the ${type} file`, {
    type,
    notFound: false,
  });
}

/**
 * link() fails when the target exists, which makes "never overwrite" atomic; file systems without
 * hard links fall back to a check followed by rename.
 */
async function publish(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
    await unlink(temp);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST')
      throw new LifelineError('VAULT_BACKEND_FAILED', 'the file exists already', { exists: true });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    ) {
      throw new LifelineError('VAULT_BACKEND_FAILED', 'the file exists already', { exists: true });
    }
    await rename(temp, target);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw backendError('listing a directory', error);
  }
}
