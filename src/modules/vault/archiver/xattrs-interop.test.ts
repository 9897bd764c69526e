import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getAttribute, setAttribute } from 'fs-xattr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { Repository, type RepositoryOptions } from '../repo/repository.js';
import { hasRestic, restic, tempDir } from '../repo/restic.testkit.js';
import { backup } from './backup.js';
import { findSnapshot } from './find-snapshot.js';
import { fixedChunker } from './memory-repo.testkit.js';
import { restore } from './restore.js';
import { nodeAt } from './snapshot-node.testkit.js';

const FAST: RepositoryOptions = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 512 * 1024 };
const PASSWORD = 'xattr interop password';

/** A file and a directory with attributes, one of them binary, and a file without any. */
async function buildTree(src: string): Promise<void> {
  await mkdir(join(src, 'ward'), { recursive: true });
  await writeFile(join(src, 'ward/chart.txt'), 'chart\n');
  await setAttribute(join(src, 'ward/chart.txt'), 'user.lifeline.ward', '7');
  await setAttribute(join(src, 'ward/chart.txt'), 'user.lifeline.bin', Buffer.from([0, 1, 254, 255]));
  await setAttribute(join(src, 'ward'), 'user.lifeline.dir', 'records');
  await writeFile(join(src, 'plain.txt'), 'no attributes');
}

async function expectAttributes(root: string): Promise<void> {
  expect((await getAttribute(join(root, 'ward/chart.txt'), 'user.lifeline.ward')).toString()).toBe('7');
  expect(await getAttribute(join(root, 'ward/chart.txt'), 'user.lifeline.bin')).toEqual(
    Buffer.from([0, 1, 254, 255]),
  );
  expect((await getAttribute(join(root, 'ward'), 'user.lifeline.dir')).toString()).toBe('records');
}

describe.skipIf(!hasRestic)('extended attributes with restic 0.14', { timeout: 180_000 }, () => {
  let dir: { path: string; dispose: () => Promise<void> };
  let repoPath: string;
  let src: string;
  let home: string;
  beforeEach(async () => {
    dir = await tempDir('vault-xattr-interop-');
    repoPath = join(dir.path, 'repo');
    src = join(dir.path, 'src');
    home = join(dir.path, 'home');
    await mkdir(home);
    await buildTree(src);
  });
  afterEach(() => dir.dispose());

  it('restic restore sets the attributes Lifeline recorded', async () => {
    const repo = await Repository.init(new LocalBackend(repoPath), PASSWORD, FAST);
    const { stats } = await backup(repo, { paths: [src], chunk: fixedChunker(64 * 1024) });
    expect(stats.errors).toEqual([]);
    expect(stats.warnings).toEqual([]);
    const target = join(dir.path, 'restic-restored');
    const restored = await restic(repoPath, PASSWORD, ['restore', 'latest', '--target', target], home);
    expect(restored.code, restored.stderr).toBe(0);
    await expectAttributes(join(target, src));
  });

  it('Lifeline restores restic’s attributes, and records the same tree blobs as restic', async () => {
    expect((await restic(repoPath, PASSWORD, ['init'], home)).code).toBe(0);
    const made = await restic(repoPath, PASSWORD, ['backup', '--host', 'ward-7', src], home);
    expect(made.code, made.stderr).toBe(0);
    const repo = await Repository.open(new LocalBackend(repoPath), PASSWORD, FAST);
    const target = join(dir.path, 'lifeline-restored');
    const stats = await restore(repo, 'latest', { target });
    expect(stats.errors).toEqual([]);
    expect(stats.warnings).toEqual([]);
    await expectAttributes(join(target, src));

    const theirs = await findSnapshot(repo, 'latest');
    const ours = await backup(repo, { paths: [src], chunk: fixedChunker(64 * 1024), host: 'ward-7' });
    const theirNode = await nodeAt(repo, theirs.tree, `${src}/ward/chart.txt`);
    expect(theirNode.extended_attributes).toContainEqual({ name: 'user.lifeline.ward', value: 'Nw==' });
    // Equal ids mean byte-identical tree blobs: src's tree holds the directory with attributes,
    // whose own tree holds the file with attributes.
    const theirSrc = await nodeAt(repo, theirs.tree, src);
    const ourSrc = await nodeAt(repo, ours.snapshot.tree, src);
    expect(ourSrc.subtree).toBe(theirSrc.subtree);
  });
});
