import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../backend/local.js';
import { Repository } from './repository.js';
import { restic, tempDir } from './restic.testkit.js';

/** Interoperability with the stock restic 0.14 binary, in both directions and both format versions. */
interface TreeNode {
  name: string;
  type: string;
  content?: string[] | null;
  subtree?: string;
}

const TIMEOUT = 180_000;

async function findNode(repo: Repository, treeId: string, path: string[]): Promise<TreeNode> {
  const tree = JSON.parse((await repo.loadBlob('tree', treeId)).toString('utf8')) as { nodes: TreeNode[] };
  const [head, ...rest] = path;
  const node = tree.nodes.find((n) => n.name === head);
  if (!node) throw new Error(`no node ${head}`);
  if (rest.length === 0) return node;
  if (!node.subtree) throw new Error(`${head} is not a directory`);
  return findNode(repo, node.subtree, rest);
}

async function fileContent(repo: Repository, node: TreeNode): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const id of node.content ?? []) parts.push(await repo.loadBlob('data', id));
  return Buffer.concat(parts);
}

describe('restic interoperability', () => {
  let dir: { path: string; dispose: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir('vault-interop-');
  });
  afterEach(() => dir.dispose());

  for (const version of [2, 1] as const) {
    it(`reads a repository restic wrote in format ${version}`, { timeout: TIMEOUT }, async () => {
      const repoDir = join(dir.path, 'repo');
      const src = join(dir.path, 'src');
      await mkdir(src);
      const text = Buffer.from('allergy: penicillin; bed 12\n'.repeat(40_000));
      // Larger than restic's 8 MiB maximum chunk, so it always spans several blobs.
      const random = randomBytes(12 * 1024 * 1024);
      await writeFile(join(src, 'notes.txt'), text);
      await writeFile(join(src, 'scan.bin'), random);
      expect(
        (await restic(repoDir, 'pw', ['init', '--repository-version', String(version)], dir.path)).code,
      ).toBe(0);
      expect((await restic(repoDir, 'pw', ['backup', src], dir.path)).code).toBe(0);

      const backend = new LocalBackend(repoDir);
      await expect(Repository.open(backend, 'not the password')).rejects.toMatchObject({
        code: 'VAULT_WRONG_PASSWORD',
      });
      const repo = await Repository.open(backend, 'pw');
      expect(repo.config.version).toBe(version);
      expect(await repo.listKeys()).toHaveLength(1);
      const snapshots: string[] = [];
      for await (const id of repo.list('snapshot')) snapshots.push(id);
      expect(snapshots).toHaveLength(1);
      const snapshot = await repo.loadJson<{ tree: string; paths: string[] }>('snapshot', snapshots[0] ?? '');
      expect(snapshot.paths).toEqual([src]);
      const components = src.split('/').filter(Boolean);
      expect(
        (await fileContent(repo, await findNode(repo, snapshot.tree, [...components, 'notes.txt']))).equals(
          text,
        ),
      ).toBe(true);
      const scan = await findNode(repo, snapshot.tree, [...components, 'scan.bin']);
      expect((scan.content ?? []).length).toBeGreaterThan(1);
      expect((await fileContent(repo, scan)).equals(random)).toBe(true);
      const compressed = [...repo.index.values()].filter((b) => b.uncompressedLength !== undefined);
      if (version === 1) expect(compressed).toEqual([]);
      else expect(compressed.length).toBeGreaterThan(0);

      // Every pack header restic wrote parses and agrees with restic's index.
      for await (const pack of repo.listPacks()) {
        for (const entry of await repo.readPackHeader(pack.name, pack.size)) {
          expect(repo.index.get(entry.type, entry.id)).toMatchObject({
            packId: pack.name,
            offset: entry.offset,
            length: entry.length,
          });
        }
      }

      // Damage inside a restic-written pack is caught on read.
      const textNode = await findNode(repo, snapshot.tree, [...components, 'notes.txt']);
      const where = repo.index.get('data', textNode.content?.[0] ?? '');
      if (!where) throw new Error('blob not indexed');
      const packPath = join(repoDir, 'data', where.packId.slice(0, 2), where.packId);
      const bytes = await readFile(packPath);
      bytes[where.offset + 20] = (bytes[where.offset + 20] as number) ^ 1;
      await chmod(packPath, 0o600);
      await writeFile(packPath, bytes);
      await expect(repo.loadBlob('data', where.id)).rejects.toMatchObject({ code: 'VAULT_DATA_CORRUPT' });
    });

    it(
      `writes a format ${version} repository that restic checks, lists and restores`,
      { timeout: TIMEOUT },
      async () => {
        const repoDir = join(dir.path, 'repo');
        const repo = await Repository.init(new LocalBackend(repoDir), 'pw', {
          version,
          kdf: { N: 1024, r: 8, p: 1 },
          packSize: 1024 * 1024,
        });
        const chunks = [
          Buffer.from('medication round 08:00\n'.repeat(30_000)),
          randomBytes(700_000),
          randomBytes(900_000),
        ];
        const content: string[] = [];
        for (const chunk of chunks) content.push((await repo.saveBlob('data', chunk)).id);
        const now = new Date().toISOString();
        const size = chunks.reduce((n, c) => n + c.length, 0);
        const file = {
          name: 'mar.bin',
          type: 'file',
          mode: 0o644,
          mtime: now,
          atime: now,
          ctime: now,
          uid: 0,
          gid: 0,
          user: 'root',
          group: 'root',
          inode: 1,
          device_id: 1,
          size,
          links: 1,
          content,
        };
        const tree = await repo.saveBlob('tree', Buffer.from(`${JSON.stringify({ nodes: [file] })}\n`));
        await repo.flush();
        const snapshotId = await repo.saveJson('snapshot', {
          time: now,
          tree: tree.id,
          paths: ['/backup'],
          hostname: 'lifeline-test',
          username: 'root',
          uid: 0,
          gid: 0,
        });
        await repo.addKey('second password', { kdf: { N: 1024, r: 8, p: 1 } });

        const check = await restic(repoDir, 'pw', ['check', '--read-data'], dir.path);
        expect(check.stderr).toBe('');
        expect(check.code).toBe(0);
        const listed = await restic(repoDir, 'second password', ['snapshots', '--json'], dir.path);
        expect(listed.code).toBe(0);
        expect((JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id)).toEqual([snapshotId]);
        const target = join(dir.path, 'restore');
        expect((await restic(repoDir, 'pw', ['restore', 'latest', '--target', target], dir.path)).code).toBe(
          0,
        );
        expect((await readFile(join(target, 'mar.bin'))).equals(Buffer.concat(chunks))).toBe(true);
      },
    );
  }

  it('restic honours our exclusive lock and works again after release', { timeout: TIMEOUT }, async () => {
    const repoDir = join(dir.path, 'repo');
    const repo = await Repository.init(new LocalBackend(repoDir), 'pw', { kdf: { N: 1024, r: 8, p: 1 } });
    const lock = await repo.lock({ exclusive: true, settleMs: 1 });
    const blocked = await restic(repoDir, 'pw', ['snapshots'], dir.path);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/locked/);
    await lock.release();
    expect((await restic(repoDir, 'pw', ['snapshots'], dir.path)).code).toBe(0);
  });
});
