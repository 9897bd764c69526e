import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { chunkStream, createGearTable } from '../chunker/index.js';
import { Repository, type RepositoryOptions } from '../repo/repository.js';
import { hasRestic, restic, tempDir } from '../repo/restic.testkit.js';
import { backup, type Chunker } from './backup.js';
import { findSnapshot } from './find-snapshot.js';
import { buildFixture } from './fixture.testkit.js';
import { restore } from './restore.js';
import { describeTree, diffTrees } from './tree-diff.testkit.js';

const FAST: RepositoryOptions = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 512 * 1024 };
const PASSWORD = 'interop password';

/** Small chunks so that the larger fixture files span several blobs. */
function realChunker(): { chunk: Chunker; reads: () => number } {
  const gear = createGearTable(randomBytes(32));
  let reads = 0;
  return {
    chunk: (source) => {
      reads++;
      return chunkStream(source, { gear, min: 16 * 1024, avg: 64 * 1024, max: 256 * 1024 });
    },
    reads: () => reads,
  };
}

describe.skipIf(!hasRestic)('interoperability with restic 0.14', { timeout: 180_000 }, () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let repoPath: string;
  let src: string;
  let home: string;
  beforeEach(async () => {
    dir = await tempDir('vault-archiver-interop-');
    repoPath = join(dir.path, 'repo');
    src = join(dir.path, 'src');
    home = join(dir.path, 'home');
    execFileSync('mkdir', ['-p', src, home]);
    await buildFixture(src);
  });
  afterEach(() => dir.dispose());

  it('restic checks and restores a Lifeline backup byte for byte, with modes, mtimes and links', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    const { stats } = await backup(repo, { paths: [src], chunk: realChunker().chunk, tags: ['lifeline'] });
    expect(stats.errors).toEqual([]);
    expect(stats.dataBlobsStored).toBeGreaterThan(5);

    const check = await restic(repoPath, PASSWORD, ['check', '--read-data'], home);
    expect(check.stderr + check.stdout).toContain('no errors were found');
    expect(check.code).toBe(0);

    const target = join(dir.path, 'restic-restored');
    const restored = await restic(repoPath, PASSWORD, ['restore', 'latest', '--target', target], home);
    expect(restored.code, restored.stderr).toBe(0);
    // restic sets times with nanosecond precision, so nothing may differ at all.
    expect(diffTrees(await describeTree(src), await describeTree(join(target, src)), 0n)).toEqual([]);
    const inode = (p: string): string => execFileSync('stat', ['-c', '%i', join(target, src, p)]).toString();
    expect(inode('hardlink.txt')).toBe(inode('docs/small.txt'));

    const ls = await restic(repoPath, PASSWORD, ['ls', 'latest'], home);
    expect(ls.stdout).toContain(`${src}/name with "quotes" \\ and ünïcode ✓`);
  });

  it('restores a snapshot made by restic backup, and backs up incrementally on top of it', async () => {
    expect((await restic(repoPath, PASSWORD, ['init'], home)).code).toBe(0);
    const made = await restic(repoPath, PASSWORD, ['backup', '--host', 'ward-7', src], home);
    expect(made.code, made.stderr).toBe(0);

    const repo = await Repository.open(new LocalBackend(repoPath), PASSWORD, FAST);
    const target = join(dir.path, 'lifeline-restored');
    const stats = await restore(repo, 'latest', { target, host: 'ward-7' });
    expect(stats.errors).toEqual([]);
    expect(diffTrees(await describeTree(src), await describeTree(join(target, src)), 500n)).toEqual([]);

    // restic's nodes carry the same size/mtime/ctime/inode, so nothing needs reading again.
    const parent = await findSnapshot(repo, 'latest');
    const counter = realChunker();
    const next = await backup(repo, { paths: [src], chunk: counter.chunk, parent });
    expect(counter.reads()).toBe(0);
    expect(next.stats.filesUnchanged).toBe(9);
    expect((await restic(repoPath, PASSWORD, ['check', '--read-data'], home)).code).toBe(0);
    const diff = await restic(
      repoPath,
      PASSWORD,
      ['diff', parent.id.slice(0, 8), next.snapshotId.slice(0, 8)],
      home,
    );
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('Added:');
    expect(diff.stdout).not.toMatch(/^[-+MUT?] /m);
  });
});
