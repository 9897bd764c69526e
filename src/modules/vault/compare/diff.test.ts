import { chmod, mkdir, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../archiver/fixture.testkit.js';
import { LocalBackend } from '../backend/local.js';
import { Repository } from '../repo/repository.js';
import { backupWithLock } from '../service.js';
import { diffTrees, indexBlobSize } from './diff.js';

const FAST = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 256 * 1024 };
let dir: string;
let source: string;
let repo: Repository;

beforeEach(async () => {
  dir = await tempDir('diff');
  source = join(dir, 'src');
  repo = await Repository.init(new LocalBackend(join(dir, 'repo')), 'pw', FAST);
  await mkdir(join(source, 'ward', 'old-dir'), { recursive: true });
  await writeFile(join(source, 'ward', 'census.txt'), 'beds 24');
  await writeFile(join(source, 'ward', 'old-dir', 'gone.txt'), 'x'.repeat(1000));
  await writeFile(join(source, 'same.txt'), 'unchanged');
  await writeFile(join(source, 'mode.sh'), 'echo');
  await writeFile(join(source, 'becomes-dir'), 'file first');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('diffTrees', () => {
  it('reports added, removed, changed, metadata-only and type changes with restic markers', async () => {
    const pin = async (): Promise<void> => {
      for (const d of [join(source, 'ward'), source]) await utimes(d, 1_700_000_000, 1_700_000_000);
    };
    await pin();
    const first = await backupWithLock(repo, { paths: [source] });
    await writeFile(join(source, 'ward', 'census.txt'), 'beds 25');
    await rm(join(source, 'ward', 'old-dir'), { recursive: true });
    await writeFile(join(source, 'ward', 'new.txt'), 'n'.repeat(5000));
    await chmod(join(source, 'mode.sh'), 0o755);
    await unlink(join(source, 'becomes-dir'));
    await mkdir(join(source, 'becomes-dir'));
    // Directory mtimes move with their entries; pin them so that only the intended changes show.
    await pin();
    const second = await backupWithLock(repo, { paths: [source] });
    const { changes, stats } = await diffTrees(
      repo,
      first.snapshot.tree,
      second.snapshot.tree,
      indexBlobSize(repo.index),
    );
    // The temp directory above the source changes with other tests; only the source is compared.
    const lines = changes
      .filter((c) => c.path.startsWith(`${source}/`))
      .map((c) => `${c.kind} ${c.path.slice(source.length)}`);
    expect(lines).toEqual([
      'T /becomes-dir/',
      'U /mode.sh',
      'M /ward/census.txt',
      '+ /ward/new.txt',
      '- /ward/old-dir/',
      '- /ward/old-dir/gone.txt',
    ]);
    expect(lines.filter((l) => l.includes('same.txt'))).toEqual([]);
    expect(stats).toMatchObject({
      changedFiles: 1,
      added: { files: 1, dirs: 0 },
      removed: { files: 1, dirs: 1 },
    });
    expect(stats.added.bytes).toBe(5000 + 'beds 25'.length);
    expect(stats.removed.bytes).toBe(1000 + 'beds 24'.length + 'file first'.length);
  });

  it('finds nothing between a snapshot and itself', async () => {
    const only = await backupWithLock(repo, { paths: [source] });
    const result = await diffTrees(repo, only.snapshot.tree, only.snapshot.tree);
    expect(result.changes).toEqual([]);
    expect(result.stats.added).toEqual({
      files: 0,
      dirs: 0,
      others: 0,
      dataBlobs: 0,
      treeBlobs: 0,
      bytes: 0,
    });
  });
});
