import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup } from './backup.js';
import { findSnapshot, listSnapshots } from './find-snapshot.js';
import { tempDir } from './fixture.testkit.js';
import { formatEntry, listTree } from './ls.js';
import { fixedChunker, MemoryRepository } from './memory-repo.testkit.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function source(): Promise<string> {
  const src = await tempDir('ls');
  dirs.push(src);
  await mkdir(join(src, 'sub/inner'), { recursive: true });
  await writeFile(join(src, 'sub/inner/f.txt'), 'abc');
  await writeFile(join(src, 'top.txt'), 'x');
  return src;
}

describe('ls', () => {
  it('lists a snapshot recursively and one level at a time', async () => {
    const src = await source();
    const repo = new MemoryRepository();
    const { snapshot } = await backup(repo, { paths: [src], chunk: fixedChunker(16) });
    const all: string[] = [];
    for await (const e of listTree(repo, snapshot.tree)) all.push(e.path);
    expect(all).toEqual([
      ...src
        .split('/')
        .slice(1)
        .map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}`),
      `${src}/sub`,
      `${src}/sub/inner`,
      `${src}/sub/inner/f.txt`,
      `${src}/top.txt`,
    ]);

    const level: string[] = [];
    for await (const e of listTree(repo, snapshot.tree, { under: src, recursive: false }))
      level.push(formatEntry(e));
    expect(level).toHaveLength(2);
    expect(level[0]).toMatch(/^drwx/);
    expect(level[1]).toMatch(/^-rw-r--r-- root root +1 .* \/.*\/top\.txt$/);
  });
});

describe('findSnapshot', () => {
  it('resolves latest with host and path filters, and unique id prefixes', async () => {
    const src = await source();
    const repo = new MemoryRepository();
    const a = await backup(repo, { paths: [src], chunk: fixedChunker(16), host: 'a' });
    await new Promise((r) => setTimeout(r, 5));
    const b = await backup(repo, { paths: [src], chunk: fixedChunker(16), host: 'b' });
    expect((await findSnapshot(repo, 'latest')).id).toBe(b.snapshotId);
    expect((await findSnapshot(repo, 'latest', { host: 'a' })).id).toBe(a.snapshotId);
    expect((await findSnapshot(repo, a.snapshotId.slice(0, 10))).id).toBe(a.snapshotId);
    await expect(findSnapshot(repo, 'latest', { paths: ['/elsewhere'] })).rejects.toMatchObject({
      code: 'VAULT_SNAPSHOT_NOT_FOUND',
    });
    await expect(findSnapshot(repo, 'zz')).rejects.toMatchObject({ code: 'VAULT_SNAPSHOT_NOT_FOUND' });
    await expect(findSnapshot(repo, '')).rejects.toMatchObject({ code: 'VAULT_SNAPSHOT_NOT_FOUND' });
    expect((await listSnapshots(repo)).map((s) => s.id)).toEqual([a.snapshotId, b.snapshotId]);
  });
});
