import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { encrypt } from './crypto.js';
import { Repository, type RepositoryOptions } from './repository.js';
import { tempDir } from './restic.testkit.js';

const FAST: RepositoryOptions = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 256 * 1024 };

describe('Repository', () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let backend: LocalBackend;
  beforeEach(async () => {
    dir = await tempDir('vault-repo-');
    backend = new LocalBackend(join(dir.path, 'repo'));
  });
  afterEach(() => dir.dispose());

  it('stores blobs once, and a reopened repository finds and verifies them', async () => {
    const repo = await Repository.init(backend, 'correct horse', FAST);
    const text = Buffer.from('ward 7 census\n'.repeat(5000));
    const random = randomBytes(300_000);
    expect(await repo.saveBlob('data', text)).toMatchObject({ stored: true });
    expect(await repo.saveBlob('data', text)).toMatchObject({ stored: false });
    const { id: randomId } = await repo.saveBlob('data', random);
    const { id: treeId } = await repo.saveBlob('tree', Buffer.from('{"nodes":[]}\n'));
    expect(repo.hasBlob('tree', treeId)).toBe(true);
    expect(repo.hasBlob('data', treeId)).toBe(false);
    await repo.flush();

    const again = await Repository.open(backend, 'correct horse', FAST);
    expect(again.config).toEqual(repo.config);
    expect(again.index.size).toBe(3);
    const textId = (await again.saveBlob('data', text)).id;
    expect(again.hasBlob('data', textId)).toBe(true);
    expect((await again.loadBlob('data', textId)).equals(text)).toBe(true);
    expect((await again.loadBlob('data', randomId)).equals(random)).toBe(true);
    expect((await again.loadBlob('tree', treeId)).toString()).toBe('{"nodes":[]}\n');
    // Compressible data is stored compressed, random data is not.
    expect(again.index.get('data', textId)?.uncompressedLength).toBe(text.length);
    expect(again.index.get('data', randomId)?.uncompressedLength).toBeUndefined();
  });

  it('keeps data and trees in separate packs whose headers match the index', async () => {
    const repo = await Repository.init(backend, 'pw', FAST);
    for (let i = 0; i < 8; i++) await repo.saveBlob('data', randomBytes(60_000));
    await repo.saveBlob('tree', Buffer.from('{"nodes":[]}'));
    await repo.flush();
    const packs: string[] = [];
    for await (const p of repo.listPacks()) packs.push(p.name);
    expect(packs.length).toBeGreaterThanOrEqual(3);
    for (const id of packs) {
      const entries = await repo.readPackHeader(id);
      expect(new Set(entries.map((e) => e.type)).size).toBe(1);
      for (const e of entries)
        expect(repo.index.get(e.type, e.id)).toMatchObject({
          packId: id,
          offset: e.offset,
          length: e.length,
        });
    }
  });

  it('loads a blob saved in this session before flush by flushing first', async () => {
    const repo = await Repository.init(backend, 'pw', FAST);
    const { id } = await repo.saveBlob('data', Buffer.from('not yet flushed'));
    expect((await repo.loadBlob('data', id)).toString()).toBe('not yet flushed');
  });

  it('saves, lists, loads and removes snapshots', async () => {
    const repo = await Repository.init(backend, 'pw', FAST);
    const id = await repo.saveJson('snapshot', {
      time: '2026-01-13T08:00:00Z',
      tree: 'a'.repeat(64),
      paths: ['/'],
    });
    const ids: string[] = [];
    for await (const s of repo.list('snapshot')) ids.push(s);
    expect(ids).toEqual([id]);
    expect(await repo.loadJson('snapshot', id)).toMatchObject({ paths: ['/'] });
    await repo.remove('snapshot', id);
    await expect(repo.loadJson('snapshot', id)).rejects.toMatchObject({ code: 'VAULT_SNAPSHOT_NOT_FOUND' });
    await expect(repo.remove('snapshot', id)).rejects.toMatchObject({ code: 'VAULT_SNAPSHOT_NOT_FOUND' });
  });

  it('rejects a wrong password, a missing repository and a second init', async () => {
    await Repository.init(backend, 'right', FAST);
    await expect(Repository.open(backend, 'wrong')).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSWORD' });
    await expect(Repository.open(new LocalBackend(join(dir.path, 'nothing')), 'right')).rejects.toMatchObject(
      { code: 'VAULT_REPO_NOT_FOUND' },
    );
    await expect(Repository.init(backend, 'right', FAST)).rejects.toMatchObject({
      code: 'VAULT_REPO_EXISTS',
    });
  });

  it('refuses an unsupported format version', async () => {
    const repo = await Repository.init(backend, 'pw', FAST);
    const path = join(dir.path, 'repo', 'config');
    await chmod(path, 0o600);
    await writeFile(
      path,
      encrypt(repo.masterKey, Buffer.from(JSON.stringify({ ...repo.config, version: 3 }))),
    );
    await expect(Repository.open(backend, 'pw')).rejects.toMatchObject({ code: 'VAULT_REPO_UNSUPPORTED' });
  });

  it('detects a flipped bit in a pack as VAULT_DATA_CORRUPT and a missing blob as VAULT_BLOB_MISSING', async () => {
    const repo = await Repository.init(backend, 'pw', FAST);
    const { id } = await repo.saveBlob('data', randomBytes(5000));
    await repo.flush();
    const where = repo.index.get('data', id);
    if (!where) throw new Error('blob not indexed');
    const path = join(dir.path, 'repo', 'data', where.packId.slice(0, 2), where.packId);
    const bytes = await readFile(path);
    bytes[where.offset + 100] = (bytes[where.offset + 100] as number) ^ 0x10;
    await chmod(path, 0o600);
    await writeFile(path, bytes);
    await expect(repo.loadBlob('data', id)).rejects.toMatchObject({ code: 'VAULT_DATA_CORRUPT' });
    await expect(repo.loadBlob('data', 'f'.repeat(64))).rejects.toMatchObject({ code: 'VAULT_BLOB_MISSING' });
  });

  it('writes format 1 without compression', async () => {
    const repo = await Repository.init(backend, 'pw', { ...FAST, version: 1 });
    const { id } = await repo.saveBlob('data', Buffer.alloc(100_000, 7));
    await repo.flush();
    const reopened = await Repository.open(backend, 'pw');
    expect(reopened.config.version).toBe(1);
    expect(reopened.index.get('data', id)?.uncompressedLength).toBeUndefined();
    expect((await reopened.loadBlob('data', id)).equals(Buffer.alloc(100_000, 7))).toBe(true);
  });

  it('manages keys: a second password opens the repository; the key in use and the last key stay', async () => {
    const repo = await Repository.init(backend, 'first', FAST);
    const second = await repo.addKey('second', { kdf: { N: 1024, r: 8, p: 1 } });
    expect((await repo.listKeys()).map((k) => k.id).sort()).toEqual([repo.keyId, second].sort());
    const viaSecond = await Repository.open(backend, 'second');
    expect(viaSecond.keyId).toBe(second);
    expect(viaSecond.config.id).toBe(repo.config.id);
    await expect(viaSecond.removeKey(second)).rejects.toMatchObject({ code: 'CONFLICT' });
    await viaSecond.removeKey(repo.keyId);
    await expect(Repository.open(backend, 'first')).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSWORD' });
    // The first session still holds the removed key, so `second` is not its key in use, but the last one.
    await expect(repo.removeKey(second)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'the last key cannot be removed',
    });
    expect((await repo.listKeys()).map((k) => k.id)).toEqual([second]);
  });
});
