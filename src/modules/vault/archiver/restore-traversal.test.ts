import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from './fixture.testkit.js';
import { MemoryRepository } from './memory-repo.testkit.js';
import { restore } from './restore.js';

/** Names written raw into tree JSON, i.e. already Go-quoted: "\\x2f" decodes to "/". */
const HOSTILE_NAMES = [
  '..',
  '.',
  '',
  '/',
  '../pwned',
  '/tmp/pwned',
  'a/../../pwned',
  '..\\x2fpwned',
  '\\x2e\\x2e',
  'x\\x00y',
  'pwned',
  'sub',
  'link',
];

interface Crafted {
  name: string;
  kind: 'file' | 'dir' | 'symlink';
  target: number;
  children: Crafted[];
}

function craftedAt(depth: number): fc.Arbitrary<Crafted> {
  return fc.record({
    name: fc.constantFrom(...HOSTILE_NAMES),
    kind: fc.constantFrom<Crafted['kind']>('file', 'dir', 'symlink'),
    target: fc.nat(3),
    children: depth === 0 ? fc.constant([]) : fc.array(craftedAt(depth - 1), { maxLength: 4 }),
  });
}
const crafted = craftedAt(3);

const TIME = '2024-01-01T00:00:00Z';

/** Writes the crafted nodes as raw tree JSON, bypassing every check encodeTree would make. */
async function saveCrafted(repo: MemoryRepository, nodes: Crafted[], outside: string): Promise<string> {
  const content = (await repo.saveBlob('data', Buffer.from('PWNED'))).id;
  const targets = ['../outside', outside, '..', '/'];
  const json: unknown[] = [];
  for (const n of nodes) {
    const base = { name: n.name, mtime: TIME, atime: TIME, ctime: TIME, uid: 0, gid: 0 };
    if (n.kind === 'file') json.push({ ...base, type: 'file', mode: 0o644, size: 5, content: [content] });
    else if (n.kind === 'symlink')
      json.push({
        ...base,
        type: 'symlink',
        mode: 0o777 + 2 ** 27,
        linktarget: targets[n.target],
        content: null,
      });
    else
      json.push({
        ...base,
        type: 'dir',
        mode: 0o755 + 2 ** 31,
        content: null,
        subtree: await saveCrafted(repo, n.children, outside),
      });
  }
  return (await repo.saveBlob('tree', Buffer.from(`${JSON.stringify({ nodes: json })}\n`))).id;
}

describe('restore path safety', () => {
  it('never writes outside the target, whatever the tree names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(crafted, { minLength: 1, maxLength: 5 }), async (nodes) => {
        const sandbox = await tempDir('traversal');
        try {
          const outside = join(sandbox, 'outside');
          await mkdir(outside);
          const repo = new MemoryRepository();
          const tree = await saveCrafted(repo, nodes, outside);
          await repo.saveJson('snapshot', { time: TIME, tree, paths: ['/x'] });
          await restore(repo, 'latest', { target: join(sandbox, 'target') });
          expect((await readdir(sandbox)).sort()).toEqual(['outside', 'target']);
          expect(await readdir(outside)).toEqual([]);
          expect(existsSync(join(dirname(sandbox), 'pwned'))).toBe(false);
          expect(existsSync('/tmp/pwned')).toBe(false);
        } finally {
          await rm(sandbox, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a directory that reuses the name of a symlink to the outside', async () => {
    const sandbox = await tempDir('dup');
    try {
      const outside = join(sandbox, 'outside');
      await mkdir(outside);
      const repo = new MemoryRepository();
      const tree = await saveCrafted(
        repo,
        [
          { name: 'link', kind: 'symlink', target: 1, children: [] },
          {
            name: 'link',
            kind: 'dir',
            target: 0,
            children: [{ name: 'pwned', kind: 'file', target: 0, children: [] }],
          },
        ],
        outside,
      );
      await repo.saveJson('snapshot', { time: TIME, tree, paths: ['/x'] });
      const stats = await restore(repo, 'latest', { target: join(sandbox, 'target') });
      expect(stats.errors).toEqual([{ path: '/link', message: 'duplicate entry name refused' }]);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(sandbox, { recursive: true, force: true });
    }
  });

  it('reports each unsafe name and restores the safe ones', async () => {
    const sandbox = await tempDir('names');
    try {
      const repo = new MemoryRepository();
      const nodes = ['..', 'ok', '..\\x2fpwned'].map((name) => ({
        name,
        kind: 'file' as const,
        target: 0,
        children: [],
      }));
      const tree = await saveCrafted(repo, nodes, sandbox);
      await repo.saveJson('snapshot', { time: TIME, tree, paths: ['/x'] });
      const stats = await restore(repo, 'latest', { target: join(sandbox, 'target') });
      expect(stats.errors.map((e) => e.message)).toEqual([
        'unsafe entry name refused',
        'unsafe entry name refused',
      ]);
      expect(await readdir(join(sandbox, 'target'))).toEqual(['ok']);
      expect(createHash('sha256').update('PWNED').digest('hex')).toHaveLength(64);
    } finally {
      await rm(sandbox, { recursive: true, force: true });
    }
  });
});
