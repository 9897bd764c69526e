import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, mkdtemp, symlink, utimes, writeFile, lutimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lifeline-${prefix}-`));
}

/**
 * A source tree with the cases a restore must get right: nested and empty directories, files
 * larger than one chunk, an empty file, unusual modes, relative/absolute/dangling symlinks, a
 * hard link, odd names, and fixed mtimes with sub-second parts.
 */
export async function buildFixture(root: string): Promise<void> {
  await mkdir(join(root, 'docs/nested/deeper'), { recursive: true });
  await mkdir(join(root, 'empty-dir'));
  await mkdir(join(root, 'private'), { mode: 0o700 });
  await writeFile(join(root, 'docs/small.txt'), 'hello vault\n');
  await writeFile(join(root, 'docs/nested/big.bin'), randomBytes(300_000));
  await writeFile(join(root, 'docs/nested/deeper/repeated.bin'), Buffer.alloc(200_000, 7));
  await writeFile(join(root, 'empty-file'), '');
  await writeFile(join(root, 'script.sh'), '#!/bin/sh\necho hi\n');
  await chmod(join(root, 'script.sh'), 0o755);
  await writeFile(join(root, 'private/secret'), 'only me');
  await chmod(join(root, 'private/secret'), 0o600);
  await writeFile(join(root, 'name with "quotes" \\ and ünïcode ✓'), 'odd name');
  await writeFile(join(root, 'setuid-tool'), 'tool');
  await chmod(join(root, 'setuid-tool'), 0o4755);
  await mkdir(join(root, 'shared'), { mode: 0o755 });
  await chmod(join(root, 'shared'), 0o3775);
  await link(join(root, 'docs/small.txt'), join(root, 'hardlink.txt'));
  await symlink('docs/small.txt', join(root, 'link-relative'));
  await symlink('/etc/hostname', join(root, 'link-absolute'));
  await symlink('does/not/exist', join(root, 'link-dangling'));
  const stamp = (i: number): number => 1_600_000_000 + i * 3600 + 0.25;
  const files = [
    'docs/small.txt',
    'docs/nested/big.bin',
    'docs/nested/deeper/repeated.bin',
    'empty-file',
    'script.sh',
  ];
  for (const [i, f] of files.entries()) await utimes(join(root, f), stamp(i), stamp(i));
  await lutimes(join(root, 'link-relative'), stamp(7), stamp(7));
  for (const [i, d] of [
    'docs/nested/deeper',
    'docs/nested',
    'docs',
    'empty-dir',
    'private',
    'shared',
  ].entries()) {
    await utimes(join(root, d), stamp(10 + i), stamp(10 + i));
  }
}
