import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup } from './backup.js';
import { tempDir } from './fixture.testkit.js';
import { fixedChunker, MemoryRepository } from './memory-repo.testkit.js';
import { decodeTree } from './model.js';
import { restore } from './restore.js';

/** Creating device nodes needs CAP_MKNOD, which some CI containers drop. */
async function canMknod(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'lifeline-mknod-'));
  try {
    execFileSync('mknod', [join(dir, 'probe'), 'c', '1', '3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!(await canMknod()))('device nodes', () => {
  it('records a character device with its device number and recreates it', async () => {
    const src = await tempDir('dev');
    dirs.push(src);
    execFileSync('mknod', ['-m', '640', join(src, 'null'), 'c', '1', '3']);
    const repo = new MemoryRepository();
    const result = await backup(repo, { paths: [src], chunk: fixedChunker(64) });
    expect(result.stats.warnings).toEqual([
      { path: join(src, 'null'), message: 'chardev recorded without content' },
    ]);

    const target = await tempDir('dev-target');
    dirs.push(target);
    expect((await restore(repo, 'latest', { target })).errors).toEqual([]);
    const original = await lstat(join(src, 'null'));
    const restored = await lstat(join(target, src, 'null'));
    expect(restored.isCharacterDevice()).toBe(true);
    expect(restored.rdev).toBe(original.rdev);
    expect(restored.mode).toBe(original.mode);

    let node;
    let tree = decodeTree(await repo.loadBlob('tree', result.snapshot.tree));
    for (const name of [...src.split('/').filter(Boolean), 'null']) {
      node = tree.nodes.find((n) => n.name === name);
      if (node?.subtree) tree = decodeTree(await repo.loadBlob('tree', node.subtree));
    }
    expect(node).toMatchObject({ type: 'chardev', device: original.rdev, content: null });
  });
});
