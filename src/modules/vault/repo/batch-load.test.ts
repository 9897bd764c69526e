import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { loadRanges, packRanges } from './batch-load.js';
import { Repository, type RepositoryOptions } from './repository.js';
import { tempDir } from './restic.testkit.js';
import type { PackedBlob } from './types.js';

const FAST: RepositoryOptions = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 256 * 1024 };

const blob = (id: string, packId: string, offset: number, length: number): PackedBlob => ({
  type: 'data',
  id,
  packId,
  offset,
  length,
});

describe('packRanges', () => {
  it('merges neighbours of one pack, keeps packs apart, and splits at large gaps', () => {
    const ranges = packRanges([
      blob('c', 'p1', 2000, 500),
      blob('a', 'p1', 0, 1000),
      blob('b', 'p1', 1000, 1000),
      blob('far', 'p1', 10_000_000, 100),
      blob('other', 'p2', 0, 10),
    ]);
    expect(ranges.map((r) => [r.packId, r.offset, r.length, r.blobs.map((b) => b.id)])).toEqual([
      ['p1', 0, 2500, ['a', 'b', 'c']],
      ['p1', 10_000_000, 100, ['far']],
      ['p2', 0, 10, ['other']],
    ]);
  });

  it('never lets one range grow past 16 MiB', () => {
    const blobs = Array.from({ length: 40 }, (_, i) => blob(`b${i}`, 'p', i * 1024 * 1024, 1024 * 1024));
    const ranges = packRanges(blobs);
    expect(ranges.length).toBeGreaterThan(1);
    for (const range of ranges) expect(range.length).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(ranges.flatMap((r) => r.blobs.map((b) => b.id))).toEqual(blobs.map((b) => b.id));
  });
});

describe('loadRanges', () => {
  it('leaves out a range that cannot be read and a blob that cannot be opened, keeping the rest', async () => {
    const ranges = packRanges([blob('a', 'p1', 0, 4), blob('b', 'p1', 4, 4), blob('c', 'gone', 0, 4)]);
    const loaded = await loadRanges(
      ranges,
      async (range) => {
        if (range.packId === 'gone') throw new Error('missing pack');
        return Buffer.from('aaaabbbb');
      },
      async (where, raw) => {
        if (where.id === 'b') throw new Error('corrupt');
        return Buffer.from(raw);
      },
    );
    expect([...loaded.keys()]).toEqual(['a']);
    expect(loaded.get('a')?.toString()).toBe('aaaa');
  });
});

describe('Repository.loadBlobs', () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let backend: LocalBackend;
  beforeEach(async () => {
    dir = await tempDir('vault-batch-');
    backend = new LocalBackend(join(dir.path, 'repo'));
  });
  afterEach(() => dir.dispose());

  it('returns every verified blob in few reads, and leaves out a damaged one that loadBlob then names', async () => {
    const repo = await Repository.init(backend, 'pw', { ...FAST, workers: 0 });
    const contents = Array.from({ length: 30 }, (_, i) =>
      i % 2 ? randomBytes(3000 + i) : Buffer.alloc(5000, i),
    );
    const ids: string[] = [];
    for (const content of contents) ids.push((await repo.saveBlob('data', content)).id);
    await repo.flush();

    const reads: number[] = [];
    const load = backend.load.bind(backend);
    backend.load = async (type, name, range) => {
      reads.push(range?.length ?? -1);
      return load(type, name, range);
    };
    const all = await repo.loadBlobs('data', [...ids, ids[0]!, 'f'.repeat(64)]);
    expect(all.size).toBe(30);
    ids.forEach((id, i) => expect(all.get(id)?.equals(contents[i]!)).toBe(true));
    // One pack holds them all here, so one read covers them.
    expect(reads).toHaveLength(1);

    const damaged = repo.index.get('data', ids[7]!)!;
    const path = join(dir.path, 'repo', 'data', damaged.packId.slice(0, 2), damaged.packId);
    const bytes = await readFile(path);
    bytes[damaged.offset + 20] = (bytes[damaged.offset + 20] as number) ^ 0x01;
    await chmod(path, 0o600);
    await writeFile(path, bytes);
    const rest = await repo.loadBlobs('data', ids);
    expect(rest.has(ids[7]!)).toBe(false);
    expect(rest.size).toBe(29);
    await expect(repo.loadBlob('data', ids[7]!)).rejects.toMatchObject({ code: 'VAULT_DATA_CORRUPT' });
  });
});
