import { createHash, randomBytes } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, FileInfo, FileType } from './types.js';

export interface BackendFixture {
  /** A backend over an empty location; create() has not been called yet. */
  backend: Backend;
  dispose(): Promise<void>;
  /** Puts a file straight into the repository's storage, as a dead writer would have left it. */
  plant(relativePath: string, modified: Date): Promise<void>;
}

const id = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function collect(items: AsyncIterable<FileInfo>): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for await (const item of items) out.push(item);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function codeOf(
  promise: Promise<unknown>,
): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; details?: Record<string, unknown> };
    return { code: e.code ?? 'not a LifelineError', details: e.details ?? {} };
  }
  throw new Error('expected the operation to fail');
}

/** Writes a file with the given modification time (test fixtures for `plant`). */
export async function plantFile(path: string, modified: Date): Promise<void> {
  await writeFile(path, 'half-written');
  await utimes(path, modified, modified);
}

/** The behaviour every Backend must show; each backend's test file calls this with its own factory. */
export function backendContract(name: string, makeFixture: () => Promise<BackendFixture>): void {
  describe(`backend contract: ${name}`, () => {
    let fixture: BackendFixture;
    let backend: Backend;
    beforeEach(async () => {
      fixture = await makeFixture();
      backend = fixture.backend;
    });
    afterEach(async () => {
      await backend.close();
      await fixture.dispose();
    });

    it('exists only once a config file is saved, and refuses a second create', async () => {
      expect(await backend.exists()).toBe(false);
      await backend.create();
      expect(await backend.exists()).toBe(false);
      await backend.save('config', 'config', Buffer.from('cfg'));
      expect(await backend.exists()).toBe(true);
      expect((await codeOf(backend.create())).code).toBe('VAULT_REPO_EXISTS');
      expect(await backend.load('config', 'config')).toEqual(Buffer.from('cfg'));
    });

    it('stores, stats, lists and loads files of every type', async () => {
      await backend.create();
      const types: FileType[] = ['key', 'lock', 'snapshot', 'index', 'data'];
      const saved = new Map<FileType, { name: string; data: Buffer }[]>();
      for (const type of types) {
        const files = [randomBytes(100), randomBytes(3000), Buffer.alloc(0)].map((data) => ({
          name: id(data),
          data,
        }));
        for (const file of files) await backend.save(type, file.name, file.data);
        saved.set(type, files);
      }
      for (const type of types) {
        const files = saved.get(type) ?? [];
        const listed = await collect(backend.list(type));
        expect(listed).toEqual(
          files
            .map((f) => ({ name: f.name, size: f.data.length }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        );
        for (const file of files) {
          expect(await backend.load(type, file.name)).toEqual(file.data);
          expect(await backend.stat(type, file.name)).toEqual({ name: file.name, size: file.data.length });
        }
      }
    });

    it('loads byte ranges and rejects ranges beyond the end', async () => {
      await backend.create();
      const data = randomBytes(5 * 1024 * 1024 + 17);
      const name = id(data);
      await backend.save('data', name, data);
      const same = (a: Buffer, b: Buffer): boolean => a.equals(b);
      expect(same(await backend.load('data', name, { offset: 0, length: 10 }), data.subarray(0, 10))).toBe(
        true,
      );
      expect(
        same(
          await backend.load('data', name, { offset: data.length - 4, length: 4 }),
          data.subarray(data.length - 4),
        ),
      ).toBe(true);
      expect(
        same(
          await backend.load('data', name, { offset: 1_000_000, length: 2_000_000 }),
          data.subarray(1_000_000, 3_000_000),
        ),
      ).toBe(true);
      expect((await codeOf(backend.load('data', name, { offset: data.length - 2, length: 4 }))).code).toBe(
        'VAULT_BACKEND_FAILED',
      );
      expect(same(await backend.load('data', name), data)).toBe(true);
    });

    it('never overwrites an existing file', async () => {
      await backend.create();
      const data = Buffer.from('original');
      await backend.save('snapshot', id(data), data);
      const failure = await codeOf(backend.save('snapshot', id(data), Buffer.from('replacement')));
      expect(failure.code).toBe('VAULT_BACKEND_FAILED');
      expect(await backend.load('snapshot', id(data))).toEqual(data);
      expect(await collect(backend.list('snapshot'))).toHaveLength(1);
    });

    it('reports missing files as not found', async () => {
      await backend.create();
      const missing = id(Buffer.from('missing'));
      const failure = await codeOf(backend.load('index', missing));
      expect(failure.code).toBe('VAULT_BACKEND_FAILED');
      expect(failure.details.notFound).toBe(true);
      expect(await backend.stat('index', missing)).toBeNull();
      expect((await codeOf(backend.remove('index', missing))).code).toBe('VAULT_BACKEND_FAILED');
    });

    it('removes files', async () => {
      await backend.create();
      const data = Buffer.from('lock');
      await backend.save('lock', id(data), data);
      await backend.remove('lock', id(data));
      expect(await backend.stat('lock', id(data))).toBeNull();
      expect(await collect(backend.list('lock'))).toEqual([]);
    });

    it('rejects names that are not storage ids', async () => {
      await backend.create();
      for (const bad of ['../config', 'abc', `${'a'.repeat(63)}/`, 'A'.repeat(64)]) {
        expect((await codeOf(backend.save('snapshot', bad, Buffer.from('x')))).code).toBe(
          'VAULT_BACKEND_FAILED',
        );
        expect((await codeOf(backend.load('snapshot', bad))).code).toBe('VAULT_BACKEND_FAILED');
      }
    });

    it('removes half-written files older than asked, and nothing else', async () => {
      await backend.create();
      const data = randomBytes(100);
      await backend.save('data', id(data), data);
      const hourAgo = new Date(Date.now() - 3_600_000);
      await fixture.plant(`data/${id(data).slice(0, 2)}/.tmp-dead0001`, hourAgo);
      await fixture.plant('snapshots/.tmp-dead0002', hourAgo);
      await fixture.plant('index/.tmp-young', new Date());
      expect(await backend.removeStaleTemporaries(new Date(Date.now() - 60_000))).toBe(2);
      expect(await backend.removeStaleTemporaries(new Date(Date.now() - 60_000))).toBe(0);
      // The young one may still be a writer at work; the repository's own files stay.
      expect(await backend.removeStaleTemporaries(new Date(Date.now() + 60_000))).toBe(1);
      expect((await collect(backend.list('data'))).map((f) => f.name)).toEqual([id(data)]);
    });

    it('keeps every file when many are saved at once', async () => {
      await backend.create();
      const files = Array.from({ length: 40 }, () => randomBytes(1000));
      await Promise.all(files.map((data) => backend.save('data', id(data), data)));
      const listed = await collect(backend.list('data'));
      expect(listed.map((f) => f.name)).toEqual(files.map(id).sort());
    });
  });
}
