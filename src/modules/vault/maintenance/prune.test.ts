import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restore } from '../archiver/restore.js';
import { LocalBackend } from '../backend/local.js';
import { checkRepository } from '../check/check.js';
import { Repository } from '../repo/repository.js';
import { tempDir } from '../repo/restic.testkit.js';
import type { Chunker } from '../archiver/backup.js';
import { forgetSnapshots } from './forget.js';
import { parseMaxUnused } from './max-unused.js';
import { pruneRepository } from './prune.js';
import { FAST, PASSWORD, backupDir, openRepo, packBytes, repoFiles, smallChunker } from './prune.testkit.js';

let dir: { path: string; dispose: () => Promise<void> };
let repoPath: string;
let src: string;
let chunk: Chunker;
const keep = randomBytes(300 * 1024);

beforeEach(async () => {
  dir = await tempDir('vault-prune-');
  repoPath = join(dir.path, 'repo');
  src = join(dir.path, 'src');
  mkdirSync(join(src, 'ward'), { recursive: true });
  writeFileSync(join(src, 'ward', 'keep.bin'), keep);
  writeFileSync(join(src, 'gone.bin'), randomBytes(300 * 1024));
  chunk = smallChunker();
});
afterEach(() => dir.dispose());

/** Two snapshots, the first with a file the second lacks; then the first is forgotten. */
async function forgetFirstOfTwo(): Promise<string> {
  const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
  await backupDir(repo, src, chunk);
  rmSync(join(src, 'gone.bin'));
  const second = await backupDir(repo, src, chunk);
  const forgot = await forgetSnapshots(repo, { policy: { last: 1 } });
  expect(forgot.removed).toHaveLength(1);
  return second;
}

async function expectCleanAndRestorable(snapshot: string, hintsAllowed = false): Promise<void> {
  const repo = await openRepo(repoPath);
  const report = await checkRepository(repo, { readData: true });
  expect(report.errors).toEqual([]);
  if (!hintsAllowed) expect(report.hints).toEqual([]);
  const target = join(dir.path, `restored-${randomBytes(4).toString('hex')}`);
  const stats = await restore(repo, snapshot, { target });
  expect(stats.errors).toEqual([]);
  expect(readFileSync(join(target, src, 'ward', 'keep.bin')).equals(keep)).toBe(true);
}

describe('pruneRepository', () => {
  it('repacks a partly used pack at --max-unused 0% and leaves nothing unused', async () => {
    const second = await forgetFirstOfTwo();
    const before = packBytes(repoPath);
    const result = await pruneRepository(await openRepo(repoPath), { maxUnused: parseMaxUnused('0%') });
    expect(result.packsRepacked).toBeGreaterThan(0);
    expect(result.bytesFreed).toBeGreaterThan(250 * 1024);
    expect(before - packBytes(repoPath)).toBe(result.bytesFreed);
    await expectCleanAndRestorable(second);
    const again = await pruneRepository(await openRepo(repoPath), {
      dryRun: true,
      maxUnused: parseMaxUnused('0%'),
    });
    expect(again.counts.unusedBlobs).toBe(0);
    expect(again.bytesFreed).toBe(0);
  });

  it('keeps partly used data packs when the unused share is tolerated', async () => {
    const second = await forgetFirstOfTwo();
    const result = await pruneRepository(await openRepo(repoPath), {
      maxUnused: parseMaxUnused('unlimited'),
    });
    // Both files share one data pack: it stays, unused half and all; only tree packs are rewritten.
    expect(result.counts.repackUnusedBytes).toBeLessThan(50 * 1024);
    expect(packBytes(repoPath)).toBeGreaterThan(550 * 1024);
    await expectCleanAndRestorable(second);
  });

  it('changes nothing in a dry run', async () => {
    await forgetFirstOfTwo();
    const files = repoFiles(repoPath);
    const result = await pruneRepository(await openRepo(repoPath), {
      dryRun: true,
      maxUnused: parseMaxUnused('0%'),
    });
    expect(result.bytesFreed).toBeGreaterThan(0);
    const after = repoFiles(repoPath);
    for (const name of [...after.keys()].filter((n) => n.startsWith('locks/'))) after.delete(name);
    expect(after).toEqual(files);
  });

  it('leaves a clean repository when interrupted after the new index is written', async () => {
    const second = await forgetFirstOfTwo();
    const interrupted = pruneRepository(await openRepo(repoPath), {
      maxUnused: parseMaxUnused('0%'),
      onPhase: (phase) => {
        if (phase === 'index-written') throw new Error('power cut');
      },
    });
    await expect(interrupted).rejects.toThrow('power cut');
    // Old and new index files both exist now, naming old and new packs: all of them present. (check
    // hints at packs whose every blob has an earlier copy: harmless duplicates.)
    expect([...repoFiles(repoPath).keys()].filter((n) => n.startsWith('index/')).length).toBeGreaterThan(1);
    await expectCleanAndRestorable(second, true);

    // Run again, it finishes the job.
    const result = await pruneRepository(await openRepo(repoPath), { maxUnused: parseMaxUnused('0%') });
    expect(result.packsRemoved + result.packsRepacked).toBeGreaterThan(0);
    await expectCleanAndRestorable(second);
    expect([...repoFiles(repoPath).keys()].filter((n) => n.startsWith('index/'))).toHaveLength(1);
  });

  it('leaves a clean repository when interrupted after repacking, before any index is written', async () => {
    const second = await forgetFirstOfTwo();
    const interrupted = pruneRepository(await openRepo(repoPath), {
      maxUnused: parseMaxUnused('0%'),
      packSize: 64 * 1024,
      onPhase: (phase) => {
        if (phase === 'index') throw new Error('crash');
      },
    });
    await expect(interrupted).rejects.toThrow('crash');
    // The new packs exist but no index names them: check only hints, and the data is all there.
    const report = await checkRepository(await openRepo(repoPath), { readData: true });
    expect(report.errors).toEqual([]);
    expect(report.hints.length).toBeGreaterThan(0);
    const result = await pruneRepository(await openRepo(repoPath), { maxUnused: parseMaxUnused('0%') });
    expect(result.unindexedPacksRemoved).toBe(report.hints.length);
    await expectCleanAndRestorable(second);
  });

  it('refuses to delete anything when a needed pack is missing', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    await backupDir(repo, src, chunk);
    const dataPack = [...repoFiles(repoPath)]
      .filter(([n]) => n.startsWith('data/'))
      .sort((a, b) => b[1] - a[1])[0];
    unlinkSync(join(repoPath, dataPack?.[0] ?? 'none'));
    const files = repoFiles(repoPath);
    await expect(pruneRepository(await openRepo(repoPath))).rejects.toMatchObject({
      code: 'VAULT_BLOB_MISSING',
    });
    expect(repoFiles(repoPath)).toEqual(files);
  });

  it('removes packs that no index names, left by an interrupted backup', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    const snapshot = await backupDir(repo, src, chunk);
    const before = new Set(repoFiles(repoPath).keys());
    writeFileSync(join(src, 'new.bin'), randomBytes(100 * 1024));
    await backupDir(await openRepo(repoPath), src, chunk);
    // As if that second backup had stopped after writing its packs: no index, no snapshot.
    for (const name of repoFiles(repoPath).keys()) {
      if (!before.has(name) && (name.startsWith('index/') || name.startsWith('snapshots/')))
        unlinkSync(join(repoPath, name));
    }
    const result = await pruneRepository(await openRepo(repoPath));
    expect(result.unindexedPacksRemoved).toBeGreaterThan(0);
    expect(result.packsRemoved + result.packsRepacked).toBe(0);
    expect(new Set(repoFiles(repoPath).keys())).toEqual(before);
    await expectCleanAndRestorable(snapshot);
  });

  it('removes the half-written files of writers that died, once they are an hour old', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    const snapshot = await backupDir(repo, src, chunk);
    const stale = join(repoPath, 'data', '00', '.tmp-0123456789abcdef');
    const fresh = join(repoPath, 'index', '.tmp-fedcba9876543210');
    writeFileSync(stale, randomBytes(1000));
    writeFileSync(fresh, randomBytes(1000));
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const result = await pruneRepository(await openRepo(repoPath));
    expect(result.temporariesRemoved).toBe(1);
    expect(existsSync(stale)).toBe(false);
    // A young one stays: the hour of grace covers writers on machines with skewed clocks.
    expect(existsSync(fresh)).toBe(true);
    await expectCleanAndRestorable(snapshot);
  });
});
