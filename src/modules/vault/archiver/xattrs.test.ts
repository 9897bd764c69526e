import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { getAttribute, listAttributes, listAttributesSync, setAttribute } from 'fs-xattr';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { backup } from './backup.js';
import { tempDir } from './fixture.testkit.js';
import { fixedChunker, MemoryRepository } from './memory-repo.testkit.js';
import type { Node } from './model.js';
import { restore } from './restore.js';
import { nodeAt } from './snapshot-node.testkit.js';
import { decodeAttributes, mayRestoreAttribute, XattrReader, XattrWriter } from './xattrs.js';

// Pass-through spies: the real calls run, and the tests can count them.
vi.mock('fs-xattr', async (importOriginal) => {
  const real = await importOriginal<typeof import('fs-xattr')>();
  return {
    ...real,
    listAttributesSync: vi.fn(real.listAttributesSync),
    setAttribute: vi.fn(real.setAttribute),
  };
});

const dirs: string[] = [];
async function temp(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  vi.mocked(listAttributesSync).mockClear();
  vi.mocked(setAttribute).mockClear();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const fileNode = (extra: Partial<Node> = {}): Node => ({
  name: 'f',
  type: 'file',
  mtime: '2020-01-01T00:00:00Z',
  atime: '2020-01-01T00:00:00Z',
  ctime: '2020-01-01T00:00:00Z',
  uid: 0,
  gid: 0,
  device_id: 1,
  content: [],
  ...extra,
});

describe('reading extended attributes', () => {
  it('records them in the order the kernel lists them, base64, and omits an empty list', async () => {
    const dir = await temp('xattr-read');
    const file = join(dir, 'f');
    await writeFile(file, 'x');
    const warnings: string[] = [];
    const reader = new XattrReader((_p, m) => warnings.push(m));
    expect((await reader.attach(fileNode(), file)).extended_attributes).toBeUndefined();
    await setAttribute(file, 'user.zeta', 'ward 7');
    await setAttribute(file, 'user.alpha', Buffer.from([0, 255, 1]));
    await setAttribute(file, 'user.empty', '');
    const node = await reader.attach(fileNode(), file);
    expect(node.extended_attributes).toEqual(
      (await listAttributes(file)).map((name) => ({
        name,
        value: { 'user.zeta': 'd2FyZCA3', 'user.alpha': 'AP8B', 'user.empty': '' }[name],
      })),
    );
    expect(warnings).toEqual([]);
  });

  it('skips symlinks, whose own attributes cannot be read without following them', async () => {
    const dir = await temp('xattr-link');
    await writeFile(join(dir, 'f'), 'x');
    await setAttribute(join(dir, 'f'), 'user.lifeline.ward', '7');
    await symlink('f', join(dir, 'l'));
    const reader = new XattrReader(() => undefined);
    const node = await reader.attach(fileNode({ type: 'symlink', content: null }), join(dir, 'l'));
    expect(node.extended_attributes).toBeUndefined();
  });

  it('stays silent and stops asking on a file system without attributes, warns on other errors', async () => {
    const warnings: string[] = [];
    const reader = new XattrReader((_p, m) => warnings.push(m));
    // procfs lists no attributes rather than failing here, so the kernel's answer is simulated.
    const enotsup = Object.assign(new Error('not supported'), { code: 'ENOTSUP' });
    vi.mocked(listAttributesSync).mockImplementationOnce(() => {
      throw enotsup;
    });
    const other = fileNode({ device_id: 4242 });
    expect(await reader.attach(other, '/mnt/no-xattrs/a')).toBe(other);
    expect(await reader.attach(other, '/mnt/no-xattrs/b')).toBe(other);
    expect(vi.mocked(listAttributesSync)).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
    await reader.attach(fileNode(), '/nonexistent/lifeline-xattr');
    expect(warnings).toEqual(['extended attributes not recorded (ENOENT)']);
  });
});

describe('decoding attribute lists from the repository', () => {
  it('accepts what restic writes, including null values', () => {
    const node = fileNode({
      extended_attributes: [
        { name: 'user.a', value: 'AP8B' },
        { name: 'user.b', value: null as unknown as string },
      ],
    });
    expect(decodeAttributes(node)).toEqual([
      { name: 'user.a', value: Buffer.from([0, 255, 1]) },
      { name: 'user.b', value: Buffer.alloc(0) },
    ]);
  });

  it.each([
    ['not a list', { name: 'user.a' }],
    ['no name', [{ value: '' }]],
    ['NUL in the name', [{ name: 'user.a\0trusted.b', value: '' }]],
    ['overlong name', [{ name: `user.${'x'.repeat(300)}`, value: '' }]],
    ['value not base64', [{ name: 'user.a', value: 'not base64!' }]],
    ['value a number', [{ name: 'user.a', value: 7 }]],
  ])('refuses %s as damage', (_why, list) => {
    const node = fileNode({ extended_attributes: list as never });
    expect(() => decodeAttributes(node)).toThrow(expect.objectContaining({ code: 'VAULT_DATA_CORRUPT' }));
  });

  it('never fails with anything but VAULT_DATA_CORRUPT, and round-trips valid lists', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeAttributes(fileNode({ extended_attributes: value as never }));
        } catch (err) {
          expect(isLifelineError(err) && err.code === 'VAULT_DATA_CORRUPT').toBe(true);
        }
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^user\.[a-z.]{1,40}$/), fc.uint8Array())), (list) => {
        const stored = list.map(([name, bytes]) => ({ name, value: Buffer.from(bytes).toString('base64') }));
        const decoded = decodeAttributes(fileNode({ extended_attributes: stored }));
        expect(decoded).toEqual(list.map(([name, bytes]) => ({ name, value: Buffer.from(bytes) })));
      }),
    );
  });
});

describe('restoring extended attributes', () => {
  it('limits a non-root process to the namespaces it may set', () => {
    expect(mayRestoreAttribute('user.lifeline.ward', false)).toBe(true);
    expect(mayRestoreAttribute('system.posix_acl_access', false)).toBe(true);
    expect(mayRestoreAttribute('trusted.overlay', false)).toBe(false);
    expect(mayRestoreAttribute('security.capability', false)).toBe(false);
    expect(mayRestoreAttribute('security.capability', true)).toBe(true);
  });

  it('without root, skips other namespaces with one warning per namespace and sets the rest', async () => {
    const dir = await temp('xattr-write');
    const writer = new XattrWriter(false);
    const warnings: string[] = [];
    const node = fileNode({
      extended_attributes: [
        { name: 'trusted.x', value: 'AQ==' },
        { name: 'user.lifeline.ward', value: Buffer.from('7').toString('base64') },
      ],
    });
    for (const name of ['a', 'b']) {
      await writeFile(join(dir, name), '');
      await writer.restore(node, join(dir, name), (m) => warnings.push(m));
      expect((await getAttribute(join(dir, name), 'user.lifeline.ward')).toString()).toBe('7');
      expect(await listAttributes(join(dir, name))).not.toContain('trusted.x');
    }
    expect(warnings).toEqual([
      'extended attributes in the "trusted" namespace need root and are not restored',
    ]);
  });

  it('warns once for a target without support and never writes through a symlink', async () => {
    const writer = new XattrWriter(true);
    const warnings: string[] = [];
    const node = fileNode({ extended_attributes: [{ name: 'user.a', value: 'AQ==' }] });
    await writer.restore(node, '/proc/self/stat', (m) => warnings.push(m));
    await writer.restore(node, '/proc/self/status', (m) => warnings.push(m));
    expect(warnings).toEqual([
      'the target does not support "user" extended attributes; they are not restored',
    ]);
    expect(vi.mocked(setAttribute)).toHaveBeenCalledTimes(1);

    const dir = await temp('xattr-write-link');
    await writeFile(join(dir, 'outside'), '');
    await symlink('outside', join(dir, 'l'));
    const link = fileNode({
      type: 'symlink',
      content: null,
      extended_attributes: [{ name: 'user.a', value: 'AQ==' }],
    });
    await new XattrWriter(true).restore(link, join(dir, 'l'), (m) => warnings.push(m));
    expect(await listAttributes(join(dir, 'outside'))).toEqual([]);
    expect(warnings.at(-1)).toBe('extended attributes of symbolic links are not restored');
  });
});

describe('backup and restore with extended attributes', () => {
  it('round-trips the attributes of files and directories', async () => {
    const src = await temp('xattr-src');
    await mkdir(join(src, 'ward'));
    await writeFile(join(src, 'ward/chart.txt'), 'chart');
    await setAttribute(join(src, 'ward/chart.txt'), 'user.lifeline.ward', '7');
    await setAttribute(join(src, 'ward/chart.txt'), 'user.bin', Buffer.from([0, 1, 2, 255]));
    await setAttribute(join(src, 'ward'), 'user.lifeline.dir', 'records');
    const repo = new MemoryRepository();
    const { stats, snapshot } = await backup(repo, { paths: [src], chunk: fixedChunker(1024) });
    expect(stats.errors).toEqual([]);
    expect(stats.warnings).toEqual([]);
    const stored = await nodeAt(repo, snapshot.tree, `${src}/ward/chart.txt`);
    expect(stored.extended_attributes).toContainEqual({ name: 'user.lifeline.ward', value: 'Nw==' });

    const target = await temp('xattr-target');
    const restored = await restore(repo, 'latest', { target });
    expect(restored.errors).toEqual([]);
    expect(restored.warnings).toEqual([]);
    const file = join(target, src, 'ward/chart.txt');
    expect((await getAttribute(file, 'user.lifeline.ward')).toString()).toBe('7');
    expect(await getAttribute(file, 'user.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((await getAttribute(join(target, src, 'ward'), 'user.lifeline.dir')).toString()).toBe('records');
  });
});
