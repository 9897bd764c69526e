import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFixture, tempDir } from '../archiver/fixture.testkit.js';
import { listSnapshots } from '../archiver/find-snapshot.js';
import { describeTree, diffTrees } from '../archiver/tree-diff.testkit.js';
import { LocalBackend } from '../backend/local.js';
import { checkRepository } from '../check/check.js';
import { Repository } from '../repo/repository.js';
import { hasRestic, restic } from '../repo/restic.testkit.js';
import { backupWithLock, restoreWithLock } from '../service.js';
import { copySnapshots } from './copy.js';

const FAST = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 256 * 1024 };
let dir: string;
let source: string;
let from: Repository;
let to: Repository;

async function packCount(repo: string): Promise<number> {
  let n = 0;
  for (const sub of await readdir(join(repo, 'data'))) n += (await readdir(join(repo, 'data', sub))).length;
  return n;
}

beforeEach(async () => {
  dir = await tempDir('copy');
  source = join(dir, 'src');
  await buildFixture(source);
  from = await Repository.init(new LocalBackend(join(dir, 'from')), 'source-pw', FAST);
  to = await Repository.init(new LocalBackend(join(dir, 'to')), 'target-pw', FAST);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('copySnapshots', () => {
  it('re-encrypts every snapshot for the target, keeps the origin, and copies nothing twice', async () => {
    const first = await backupWithLock(from, { paths: [source], tags: ['nightly'] });
    await writeFile(join(source, 'docs', 'added.txt'), 'second day');
    const second = await backupWithLock(from, { paths: [source] });

    const result = await copySnapshots(from, to);
    expect(result.copied.map((c) => c.source)).toEqual([first.snapshotId, second.snapshotId]);
    expect(result.skipped).toEqual([]);
    expect(result.dataBlobs).toBeGreaterThan(0);

    // Opened afresh with the target's own password: nothing depends on the source's keys.
    const reopened = await Repository.open(new LocalBackend(join(dir, 'to')), 'target-pw');
    expect(Buffer.compare(reopened.masterKey.encrypt, from.masterKey.encrypt)).not.toBe(0);
    const report = await checkRepository(reopened, { readData: true });
    expect(report.errors).toEqual([]);
    const copies = await listSnapshots(reopened);
    expect(copies.map((s) => s.original)).toEqual([first.snapshotId, second.snapshotId]);
    expect(copies[0]).toMatchObject({
      tree: first.snapshot.tree,
      tags: ['nightly'],
      time: first.snapshot.time,
    });

    const target = join(dir, 'restored');
    const stats = await restoreWithLock(reopened, copies[1]?.id ?? '', { target });
    expect(stats.errors).toEqual([]);
    expect(diffTrees(await describeTree(source), await describeTree(join(target, source)), 500n)).toEqual([]);

    const packs = await packCount(join(dir, 'to'));
    const again = await copySnapshots(from, reopened);
    expect(again).toMatchObject({ copied: [], skipped: [first.snapshotId, second.snapshotId], dataBlobs: 0 });
    expect(await packCount(join(dir, 'to'))).toBe(packs);
    expect(await listSnapshots(reopened)).toHaveLength(2);
  }, 60_000);

  it('copies only the blobs a new snapshot adds, and a copy of a copy keeps the first origin', async () => {
    const first = await backupWithLock(from, { paths: [source] });
    await copySnapshots(from, to);
    await writeFile(join(source, 'docs', 'small.txt'), 'edited');
    await backupWithLock(from, { paths: [source] });
    const second = await copySnapshots(from, to);
    expect(second.copied).toHaveLength(1);
    expect(second.dataBlobs).toBe(1);

    const third = await Repository.init(new LocalBackend(join(dir, 'third')), 'third-pw', FAST);
    await copySnapshots(to, third);
    const origins = (await listSnapshots(third)).map((s) => s.original);
    expect(origins[0]).toBe(first.snapshotId);
    // Copying back into the source finds every snapshot there already.
    expect((await copySnapshots(third, from)).copied).toEqual([]);
  }, 60_000);

  it.skipIf(!hasRestic)(
    'leaves a target that restic checks clean',
    async () => {
      await backupWithLock(from, { paths: [source] });
      await copySnapshots(from, to);
      const home = await tempDir('copy-restic');
      try {
        const check = await restic(join(dir, 'to'), 'target-pw', ['check', '--read-data'], home);
        expect(check.code).toBe(0);
        const listed = await restic(join(dir, 'to'), 'target-pw', ['snapshots', '--json'], home);
        expect(JSON.parse(listed.stdout)).toHaveLength(1);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
