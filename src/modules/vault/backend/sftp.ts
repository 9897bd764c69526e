import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Stats } from 'ssh2';
import { LifelineError } from '../../../kernel/errors.js';
import { FILE_TYPES, TEMP_PREFIX, TYPE_DIRS, checkName, isStorageName, storageDirectories } from './names.js';
import { isMissing, sftpError } from './sftp-errors.js';
import { readRange, writeAll } from './sftp-io.js';
import { formatSftpLocation, parseSftpLocation, type SftpLocation } from './sftp-location.js';
import { sessionOptions, type SftpOptions } from './sftp-options.js';
import { OPEN_MODE, SftpSession } from './sftp-session.js';
import type { Backend, FileInfo, FileType } from './types.js';

export type { SftpOptions } from './sftp-options.js';

const FILE_MODE = 0o400;
const DIR_MODE = 0o700;

/**
 * A repository on an SFTP server, laid out as restic's sftp backend lays it out. Files are written
 * under a temporary name and renamed into place: OpenSSH's rename refuses an existing target, which
 * keeps repository files immutable. A connection that drops is re-opened once per operation.
 */
export class SftpBackend implements Backend {
  readonly location: string;
  private readonly where: SftpLocation;
  private readonly root: string;
  private live: SftpSession | undefined;
  private opening: Promise<SftpSession> | undefined;

  constructor(
    location: string | SftpLocation,
    private readonly options: SftpOptions = {},
  ) {
    this.where = typeof location === 'string' ? parseSftpLocation(location) : location;
    this.location = formatSftpLocation(this.where);
    this.root = posix.normalize(this.where.path).replace(/(.)\/$/, '$1');
  }

  async exists(): Promise<boolean> {
    return (await this.stat('config', 'config')) !== null;
  }

  async create(): Promise<void> {
    if (await this.exists())
      throw new LifelineError('VAULT_REPO_EXISTS', 'a repository exists at that location already');
    await this.run('creating the repository', async (session) => {
      await mkdirs(session, this.root);
      const dirs = FILE_TYPES.filter((t) => t !== 'config').map((t) => posix.join(this.root, TYPE_DIRS[t]));
      await Promise.all(dirs.map((dir) => mkdirOnce(session, dir)));
      const subdirs = Array.from({ length: 256 }, (_, i) =>
        posix.join(this.root, 'data', i.toString(16).padStart(2, '0')),
      );
      // Many requests in flight at once: one round trip each would make create() slow over a WAN.
      for (let i = 0; i < subdirs.length; i += 64)
        await Promise.all(subdirs.slice(i, i + 64).map((dir) => mkdirOnce(session, dir)));
    });
  }

  async save(type: FileType, name: string, data: Buffer): Promise<void> {
    checkName(type, name);
    const dir = this.dirOf(type, name);
    const target = this.pathOf(type, name);
    await this.run(`saving a ${type} file`, async (session, retried) => {
      const temp = posix.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
      try {
        const handle = await this.openForWrite(session, dir, temp);
        try {
          await writeAll(session, handle, data);
          // Durable before visible: a crash must never leave a named but truncated file.
          await session.fsync(handle);
        } finally {
          await session.call((sftp, done) => sftp.close(handle, done)).catch(() => undefined);
        }
        await session.call((sftp, done) => sftp.rename(temp, target, done));
      } catch (error) {
        if (session.lost) throw error;
        await session.call((sftp, done) => sftp.unlink(temp, done)).catch(() => undefined);
        if (await statOrNull(session, target)) {
          // After a reconnect, the earlier attempt may have published this very file already.
          if (retried && (await sameContent(session, target, data))) return;
          throw new LifelineError('VAULT_BACKEND_FAILED', 'the file exists already', { type, exists: true });
        }
        throw error;
      }
    });
  }

  async load(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer> {
    checkName(type, name);
    const path = this.pathOf(type, name);
    return this.run(`loading a ${type} file`, async (session) => {
      let handle: Buffer;
      try {
        handle = await session.call<Buffer>((sftp, done) => sftp.open(path, 'r', done));
      } catch (error) {
        if (isMissing(error)) await this.assertRoot(session);
        throw error;
      }
      try {
        if (range) {
          if (range.offset < 0 || range.length < 0) throw rangeError(type);
          const out = await readRange(session, handle, range.offset, range.length);
          if (out.length < range.length) throw rangeError(type);
          return out;
        }
        const info = await session.call<Stats>((sftp, done) => sftp.fstat(handle, done));
        return await readRange(session, handle, 0, info.size);
      } finally {
        await session.call((sftp, done) => sftp.close(handle, done)).catch(() => undefined);
      }
    });
  }

  async stat(type: FileType, name: string): Promise<FileInfo | null> {
    checkName(type, name);
    const path = this.pathOf(type, name);
    return this.run(`reading a ${type} file's size`, async (session) => {
      const info = await statOrNull(session, path);
      return info ? { name: type === 'config' ? 'config' : name, size: info.size } : null;
    });
  }

  async *list(type: FileType): AsyncIterable<FileInfo> {
    if (type === 'config') {
      await this.run('opening the repository', (session) => this.assertRoot(session));
      const info = await this.stat('config', 'config');
      if (info) yield info;
      return;
    }
    const base = posix.join(this.root, TYPE_DIRS[type]);
    const dirs =
      type === 'data'
        ? (await this.readNames(base))
            .filter((e) => /^[0-9a-f]{2}$/.test(e.name))
            .map((e) => posix.join(base, e.name))
        : [base];
    for (const dir of dirs) {
      for (const entry of await this.readNames(dir)) {
        if (isStorageName(entry.name)) yield { name: entry.name, size: entry.size };
      }
    }
  }

  async remove(type: FileType, name: string): Promise<void> {
    checkName(type, name);
    const path = this.pathOf(type, name);
    await this.run(`removing a ${type} file`, async (session) => {
      try {
        await session.call((sftp, done) => sftp.unlink(path, done));
      } catch (error) {
        if (isMissing(error)) await this.assertRoot(session);
        throw error;
      }
    });
  }

  async removeStaleTemporaries(olderThan: Date): Promise<number> {
    await this.run('opening the repository', (session) => this.assertRoot(session));
    let removed = 0;
    for (const dir of storageDirectories().map((sub) => posix.join(this.root, sub))) {
      for (const entry of await this.readNames(dir)) {
        if (!entry.name.startsWith(TEMP_PREFIX) || entry.mtimeMs >= olderThan.getTime()) continue;
        const path = posix.join(dir, entry.name);
        await this.run('removing a half-written file', async (session) => {
          try {
            await session.call((sftp, done) => sftp.unlink(path, done));
            removed++;
          } catch (error) {
            if (!isMissing(error)) throw error;
          }
        });
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    this.live?.close();
    this.live = undefined;
  }

  /**
   * Runs one operation; when the connection was lost underneath it, opens a new one and tries once
   * more. Refusals (missing file, permission) are not retried: the server has answered.
   */
  private async run<T>(
    operation: string,
    work: (session: SftpSession, retried: boolean) => Promise<T>,
  ): Promise<T> {
    let session = await this.session();
    try {
      return await work(session, false);
    } catch (error) {
      if (!session.lost) throw sftpError(operation, error);
    }
    session = await this.session();
    try {
      return await work(session, true);
    } catch (error) {
      throw sftpError(operation, error);
    }
  }

  private async session(): Promise<SftpSession> {
    if (this.opening) return this.opening;
    if (this.live && !this.live.lost) return this.live;
    this.live?.close();
    this.live = undefined;
    // Concurrent operations share one connection attempt instead of opening one each.
    const opening = Promise.resolve().then(() => SftpSession.open(sessionOptions(this.where, this.options)));
    this.opening = opening;
    try {
      this.live = await opening;
      return this.live;
    } finally {
      this.opening = undefined;
    }
  }

  private async openForWrite(session: SftpSession, dir: string, temp: string): Promise<Buffer> {
    const flags = OPEN_MODE.WRITE | OPEN_MODE.CREAT | OPEN_MODE.EXCL;
    const open = (): Promise<Buffer> =>
      session.call<Buffer>((sftp, done) => sftp.open(temp, flags, { mode: FILE_MODE }, done));
    try {
      return await open();
    } catch (error) {
      if (!isMissing(error)) throw error;
      await this.assertRoot(session);
      await mkdirOnce(session, dir);
      return open();
    }
  }

  private async readNames(dir: string): Promise<{ name: string; size: number; mtimeMs: number }[]> {
    return this.run('listing a directory', async (session) => {
      try {
        const entries = await session.call<{ filename: string; attrs: Stats }[]>((sftp, done) =>
          sftp.readdir(dir, done),
        );
        return entries.map((e) => ({ name: e.filename, size: e.attrs.size, mtimeMs: e.attrs.mtime * 1000 }));
      } catch (error) {
        if (!isMissing(error)) throw error;
        await this.assertRoot(session);
        return [];
      }
    });
  }

  private async assertRoot(session: SftpSession): Promise<void> {
    const info = await statOrNull(session, this.root);
    if (!info) throw new LifelineError('VAULT_REPO_NOT_FOUND', 'no repository directory at that location');
    if (!info.isDirectory())
      throw new LifelineError('VAULT_REPO_NOT_FOUND', 'the repository location is not a directory');
  }

  private dirOf(type: FileType, name: string): string {
    if (type === 'config') return this.root;
    if (type === 'data') return posix.join(this.root, 'data', name.slice(0, 2));
    return posix.join(this.root, TYPE_DIRS[type]);
  }

  private pathOf(type: FileType, name: string): string {
    return type === 'config' ? posix.join(this.root, 'config') : posix.join(this.dirOf(type, name), name);
  }
}

async function statOrNull(session: SftpSession, path: string): Promise<Stats | null> {
  try {
    return await session.stat(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** SFTP's mkdir fails on an existing directory with a generic status, so existence is checked after. */
async function mkdirOnce(session: SftpSession, dir: string): Promise<void> {
  try {
    await session.call((sftp, done) => sftp.mkdir(dir, { mode: DIR_MODE }, done));
  } catch (error) {
    if (session.lost) throw error;
    const info = await statOrNull(session, dir);
    if (!info?.isDirectory()) throw error;
  }
}

async function mkdirs(session: SftpSession, path: string): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (prefix === '' || prefix === '.') continue;
    if (!(await statOrNull(session, prefix))?.isDirectory()) await mkdirOnce(session, prefix);
  }
}

async function sameContent(session: SftpSession, path: string, data: Buffer): Promise<boolean> {
  const handle = await session.call<Buffer>((sftp, done) => sftp.open(path, 'r', done));
  try {
    const existing = await readRange(session, handle, 0, data.length + 1);
    return existing.equals(data);
  } finally {
    await session.call((sftp, done) => sftp.close(handle, done)).catch(() => undefined);
  }
}

function rangeError(type: FileType): LifelineError {
  return new LifelineError('VAULT_BACKEND_FAILED', `requested range is outside the ${type} file`, {
    type,
    notFound: false,
  });
}
