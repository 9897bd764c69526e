import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup } from './backup.js';
import { buildFixture, tempDir } from './fixture.testkit.js';
import { fixedChunker, MemoryRepository } from './memory-repo.testkit.js';
import { restore } from './restore.js';
import { describeTree, diffTrees } from './tree-diff.testkit.js';
import { decodeTree } from './model.js';

const dirs: string[] = [];
async function temp(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Counts how often file content is read: the chunker sees every byte that is read. */
function countingChunker(size: number): {
  chunk: (s: AsyncIterable<Buffer>) => AsyncIterable<Buffer>;
  reads: () => number;
} {
  let reads = 0;
  const inner = fixedChunker(size);
  return { chunk: (s) => (reads++, inner(s)), reads: () => reads };
}

describe('backup and restore', () => {
  it('round-trips bytes, modes, mtimes, symlinks, hard links and empty directories', async () => {
    const src = await temp('src');
    await buildFixture(src);
    const repo = new MemoryRepository();
    const result = await backup(repo, {
      paths: [src],
      chunk: fixedChunker(64 * 1024),
      host: 'ward-7',
      tags: ['nightly'],
    });
    expect(result.stats.errors).toEqual([]);
    expect(repo.flushes).toBe(1);
    expect(result.snapshot).toMatchObject({ paths: [src], hostname: 'ward-7', tags: ['nightly'] });

    const target = await temp('target');
    const stats = await restore(repo, 'latest', { target });
    expect(stats.errors).toEqual([]);
    const diffs = diffTrees(await describeTree(src), await describeTree(join(target, src)), 500n);
    expect(diffs).toEqual([]);
  });

  it('lays out the snapshot tree from the root like restic, with intermediate directories', async () => {
    const a = await temp('a');
    const b = await temp('b');
    await writeFile(join(a, 'one'), '1');
    await writeFile(join(b, 'two'), '2');
    const repo = new MemoryRepository();
    const { snapshot } = await backup(repo, { paths: [b, a, `${a}/one`], chunk: fixedChunker(1024) });
    expect(snapshot.paths).toEqual([a, b].sort());
    const root = decodeTree(await repo.loadBlob('tree', snapshot.tree));
    expect(root.nodes.map((n) => n.name)).toEqual(['tmp']);
    expect(root.nodes[0]?.type).toBe('dir');
    const target = await temp('t');
    await restore(repo, 'latest', { target });
    expect(diffTrees(await describeTree(a), await describeTree(join(target, a)), 500n)).toEqual([]);
    expect(diffTrees(await describeTree(b), await describeTree(join(target, b)), 500n)).toEqual([]);
  });

  it('does not read files unchanged since the parent snapshot', async () => {
    const src = await temp('src');
    await buildFixture(src);
    const repo = new MemoryRepository();
    const first = countingChunker(4096);
    const one = await backup(repo, { paths: [src], chunk: first.chunk });
    expect(first.reads()).toBe(9);

    await writeFile(join(src, 'docs/small.txt'), 'changed content\n');
    const second = countingChunker(4096);
    const two = await backup(repo, {
      paths: [src],
      chunk: second.chunk,
      parent: { ...one.snapshot, id: one.snapshotId },
    });
    // small.txt and its hard link hardlink.txt share an inode; both changed, nothing else is read.
    expect(second.reads()).toBe(2);
    expect(two.stats.filesUnchanged).toBe(7);
    expect(two.snapshot.parent).toBe(one.snapshotId);

    const target = await temp('t');
    expect((await restore(repo, two.snapshotId.slice(0, 8), { target })).errors).toEqual([]);
    expect(diffTrees(await describeTree(src), await describeTree(join(target, src)), 500n)).toEqual([]);
  });

  it('re-reads a file whose mtime changed even if its size did not', async () => {
    const src = await temp('src');
    await writeFile(join(src, 'f'), 'aaaa');
    const repo = new MemoryRepository();
    const one = await backup(repo, { paths: [src], chunk: fixedChunker(16) });
    await writeFile(join(src, 'f'), 'bbbb');
    const counter = countingChunker(16);
    await backup(repo, {
      paths: [src],
      chunk: counter.chunk,
      parent: { ...one.snapshot, id: one.snapshotId },
    });
    expect(counter.reads()).toBe(1);
  });

  it('reports a file that turns into a directory mid-backup and still writes the snapshot', async () => {
    const src = await temp('src');
    await writeFile(join(src, 'a-first'), 'first');
    await writeFile(join(src, 'b-victim'), 'victim');
    await writeFile(join(src, 'c-last'), 'last');
    const repo = new MemoryRepository();
    const inner = fixedChunker(1024);
    let swapped = false;
    const chunk = (s: AsyncIterable<Buffer>): AsyncIterable<Buffer> => {
      if (!swapped) {
        swapped = true;
        return (async function* () {
          // b-victim was stat'ed as a file already; replace it before it is opened.
          await rm(join(src, 'b-victim'));
          await mkdir(join(src, 'b-victim'));
          yield* inner(s);
        })();
      }
      return inner(s);
    };
    // One file at a time, so that b-victim is opened only after a-first's content was read.
    const result = await backup(repo, { paths: [src], chunk, filesAtOnce: 1 });
    expect(result.stats.errors).toEqual([
      { path: join(src, 'b-victim'), message: 'changed type while being backed up' },
    ]);
    expect(repo.snapshots.has(result.snapshotId)).toBe(true);
    const target = await temp('t');
    await restore(repo, result.snapshotId, { target });
    const restored = await describeTree(join(target, src));
    expect([...restored.keys()]).toEqual(['a-first', 'c-last']);
  });

  it('reports a file that vanishes between listing and reading', async () => {
    const src = await temp('src');
    await writeFile(join(src, 'a'), 'a');
    await writeFile(join(src, 'b'), 'b');
    const inner = fixedChunker(1024);
    let first = true;
    const chunk = (s: AsyncIterable<Buffer>): AsyncIterable<Buffer> => {
      if (first) {
        first = false;
        return (async function* () {
          await rename(join(src, 'b'), join(src, '..', `${src.split('/').pop()}-gone`));
          yield* inner(s);
        })();
      }
      return inner(s);
    };
    dirs.push(`${src}-gone`);
    const result = await backup(new MemoryRepository(), { paths: [src], chunk, filesAtOnce: 1 });
    expect(result.stats.errors).toEqual([{ path: join(src, 'b'), message: 'cannot read (ENOENT)' }]);
  });

  it('records FIFOs without reading them, with a warning', async () => {
    const src = await temp('src');
    await writeFile(join(src, 'data'), 'x');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(src, 'pipe')]);
    const repo = new MemoryRepository();
    const result = await backup(repo, { paths: [src], chunk: fixedChunker(1024) });
    expect(result.stats.errors).toEqual([]);
    expect(result.stats.warnings).toEqual([
      { path: join(src, 'pipe'), message: 'fifo recorded without content' },
    ]);
    const target = await temp('t');
    expect((await restore(repo, 'latest', { target })).errors).toEqual([]);
    const restored = await describeTree(join(target, src));
    expect(restored.get('pipe')?.type).toBe('other');
  });

  it('leaves out excluded paths', async () => {
    const src = await temp('src');
    await buildFixture(src);
    const repo = new MemoryRepository();
    await backup(repo, { paths: [src], chunk: fixedChunker(4096), excludes: ['*.bin', `${src}/private`] });
    const target = await temp('t');
    await restore(repo, 'latest', { target });
    const keys = [...(await describeTree(join(target, src))).keys()];
    expect(keys.filter((k) => k.endsWith('.bin') || k.startsWith('private'))).toEqual([]);
    expect(keys).toContain('docs/nested/deeper');
  });

  it('fails only the file whose blob is corrupt and restores the rest', async () => {
    const src = await temp('src');
    await writeFile(join(src, 'good'), 'good data');
    await writeFile(join(src, 'bad'), 'bad data');
    const repo = new MemoryRepository();
    const { snapshot } = await backup(repo, { paths: [src], chunk: fixedChunker(1024) });
    const { createHash } = await import('node:crypto');
    repo.corrupted.add(createHash('sha256').update('bad data').digest('hex'));
    const target = await temp('t');
    const stats = await restore(repo, 'latest', { target });
    // Both small files came through batch loads; only the bad blob was loaded alone, and named.
    expect(repo.batchLoads).toBeGreaterThanOrEqual(1);
    expect(repo.dataLoads).toBe(1);
    expect(stats.errors).toHaveLength(1);
    expect(stats.errors[0]?.path).toBe(`${src}/bad`);
    const restored = await describeTree(join(target, src));
    expect([...restored.keys()]).toEqual(['good']);
    expect(snapshot.paths).toEqual([src]);
  });

  it('restores a large file blob by blob, and names its one damaged blob', async () => {
    const src = await temp('src');
    const { randomBytes, createHash } = await import('node:crypto');
    const big = randomBytes(3 * 1024 * 1024 + 123);
    await writeFile(join(src, 'scan.dcm'), big);
    const repo = new MemoryRepository();
    await backup(repo, { paths: [src], chunk: fixedChunker(256 * 1024) });
    const target = await temp('t');
    expect((await restore(repo, 'latest', { target })).errors).toEqual([]);
    // Above the small-file size: streamed blob by blob rather than loaded whole in a batch.
    expect(repo.dataLoads).toBe(13);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(join(target, src, 'scan.dcm'))).equals(big)).toBe(true);

    repo.corrupted.add(
      createHash('sha256')
        .update(big.subarray(5 * 256 * 1024, 6 * 256 * 1024))
        .digest('hex'),
    );
    const again = await temp('t2');
    const stats = await restore(repo, 'latest', { target: again });
    expect(stats.errors.map((e) => e.path)).toEqual([`${src}/scan.dcm`]);
    // A half-written scan that looks complete is worse than none: the partial file is removed.
    expect([...(await describeTree(join(again, src))).keys()]).toEqual([]);
  });

  it('restores only included paths', async () => {
    const src = await temp('src');
    await buildFixture(src);
    const repo = new MemoryRepository();
    await backup(repo, { paths: [src], chunk: fixedChunker(4096) });
    const target = await temp('t');
    await restore(repo, 'latest', { target, include: [`${src}/docs/nested`] });
    const keys = [...(await describeTree(join(target, src))).keys()];
    expect(keys).toEqual([
      'docs',
      'docs/nested',
      'docs/nested/big.bin',
      'docs/nested/deeper',
      'docs/nested/deeper/repeated.bin',
    ]);
  });

  it('stops when aborted and saves no snapshot', async () => {
    const src = await temp('src');
    await buildFixture(src);
    const repo = new MemoryRepository();
    const controller = new AbortController();
    const run = backup(repo, {
      paths: [src],
      chunk: fixedChunker(4096),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.files >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(repo.snapshots.size).toBe(0);
  });

  it('refuses a source path that does not exist', async () => {
    await expect(
      backup(new MemoryRepository(), { paths: ['/nonexistent/lifeline'], chunk: fixedChunker(16) }),
    ).rejects.toMatchObject({
      code: 'VAULT_SOURCE_UNREADABLE',
    });
  });
});
