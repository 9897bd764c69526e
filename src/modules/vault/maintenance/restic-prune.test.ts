import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { checkRepository } from '../check/check.js';
import { Repository } from '../repo/repository.js';
import { hasRestic, restic, tempDir } from '../repo/restic.testkit.js';
import { forgetSnapshots } from './forget.js';
import { parseMaxUnused } from './max-unused.js';
import { pruneRepository } from './prune.js';
import { FAST, PASSWORD, backupDir, openRepo, packBytes, smallChunker } from './prune.testkit.js';

describe.skipIf(!hasRestic)('prune and restic 0.14', { timeout: 180_000 }, () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let repoPath: string;
  let src: string;
  let home: string;
  const keep = randomBytes(400 * 1024);
  beforeEach(async () => {
    dir = await tempDir('vault-restic-prune-');
    repoPath = join(dir.path, 'repo');
    src = join(dir.path, 'src');
    home = join(dir.path, 'home');
    mkdirSync(home);
    mkdirSync(join(src, 'ward'), { recursive: true });
    writeFileSync(join(src, 'ward', 'keep.bin'), keep);
    writeFileSync(join(src, 'gone.bin'), randomBytes(2 * 1024 * 1024));
  });
  afterEach(() => dir.dispose());

  async function expectResticHappy(): Promise<void> {
    const check = await restic(repoPath, PASSWORD, ['check', '--read-data'], home);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('no errors were found');
    const target = join(dir.path, `by-restic-${randomBytes(4).toString('hex')}`);
    const restored = await restic(repoPath, PASSWORD, ['restore', 'latest', '--target', target], home);
    expect(restored.code, restored.stderr).toBe(0);
    expect(readFileSync(join(target, src, 'ward', 'keep.bin')).equals(keep)).toBe(true);
  }

  it('prunes a repository restic wrote, and restic still checks it clean', async () => {
    expect((await restic(repoPath, PASSWORD, ['init'], home)).code).toBe(0);
    expect((await restic(repoPath, PASSWORD, ['backup', src], home)).code).toBe(0);
    rmSync(join(src, 'gone.bin'));
    expect((await restic(repoPath, PASSWORD, ['backup', src], home)).code).toBe(0);
    const before = packBytes(repoPath);

    const repo = await openRepo(repoPath);
    expect((await forgetSnapshots(repo, { policy: { last: 1 } })).removed).toHaveLength(1);
    const result = await pruneRepository(repo, { maxUnused: parseMaxUnused('0%') });
    expect(result.bytesFreed).toBeGreaterThan(1024 * 1024);
    expect(packBytes(repoPath)).toBeLessThan(before - 1024 * 1024);

    const report = await checkRepository(await openRepo(repoPath), { readData: true });
    expect(report.errors).toEqual([]);
    await expectResticHappy();
  });

  it('restic checks a Lifeline repository clean after a prune that repacked, and after an interrupted one', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    const chunk = smallChunker();
    await backupDir(repo, src, chunk);
    rmSync(join(src, 'gone.bin'));
    await backupDir(repo, src, chunk);
    await forgetSnapshots(repo, { policy: { last: 1 } });

    const interrupted = pruneRepository(await openRepo(repoPath), {
      maxUnused: parseMaxUnused('0%'),
      onPhase: (phase) => {
        if (phase === 'index-written') throw new Error('power cut');
      },
    });
    await expect(interrupted).rejects.toThrow('power cut');
    await expectResticHappy();

    const result = await pruneRepository(await openRepo(repoPath), { maxUnused: parseMaxUnused('0%') });
    expect(result.packsRemoved + result.packsRepacked).toBeGreaterThan(0);
    await expectResticHappy();
  });
});
