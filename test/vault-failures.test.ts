import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from '../src/cli/cli.testkit.js';
import { seededRandom } from './vault-faults/source-tree.js';

const PASSWORD = 'ward-9-vault';
let cli: CliHarness;
let source: string;

beforeEach(() => {
  cli = cliHarness({ LIFELINE_VAULT_PASSWORD: PASSWORD });
  source = join(cli.dir, 'records');
  mkdirSync(source);
  writeFileSync(join(source, 'census.json'), JSON.stringify({ beds: 30 }));
});
afterEach(() => cli.close());

const vault = (repo: string, ...args: string[]) => cli.run(['vault', '--repo', repo, ...args]);

/** The repository still checks clean and its snapshots are unchanged. */
async function expectIntact(repo: string, snapshots: number): Promise<void> {
  const checked = await vault(repo, 'check', '--read-data');
  expect(checked.stderr).toBe('');
  expect(checked).toMatchObject({ code: 0 });
  expect(JSON.parse((await vault(repo, 'snapshots', '--json')).stdout)).toHaveLength(snapshots);
}

/** Exactly one line on stderr, naming the error code. */
const oneLine = (code: string) => new RegExp(`^lifeline: [^\\n]+ \\(${code}\\)\\n$`);

describe('vault backup failures: one clear line, non-zero exit, repository intact', () => {
  it('wrong password', async () => {
    const repo = join(cli.dir, 'repo');
    await vault(repo, 'init');
    expect((await vault(repo, 'backup', source)).code).toBe(0);
    const wrong = await cli.run(['vault', '--repo', repo, 'backup', source], {
      env: { LIFELINE_VAULT_PASSWORD: 'not-the-password' },
    });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(oneLine('VAULT_WRONG_PASSWORD'));
    expect(wrong.stderr).not.toContain('not-the-password');
    await expectIntact(repo, 1);
  });

  it('missing repository, and nothing is created there', async () => {
    const repo = join(cli.dir, 'no-repo-here');
    const missing = await vault(repo, 'backup', source);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(oneLine('VAULT_REPO_NOT_FOUND'));
    expect(existsSync(repo)).toBe(false);
  });

  it('a source file that cannot be read is named, the rest is saved, and the run exits 3', async () => {
    const repo = join(cli.dir, 'repo');
    await vault(repo, 'init');
    // Tests may run as root, for whom no permission bit blocks a read. This file opens but fails to
    // read (EIO) for anyone: it is this process's own memory at address 0, which is never mapped.
    const unreadable = `/proc/${process.pid}/mem`;
    const result = await vault(repo, 'backup', source, unreadable);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: ${unreadable}: cannot read (EIO)\n`);
    expect(result.stdout).toMatch(/snapshot [0-9a-f]{8} saved/);
    await expectIntact(repo, 1);
    const listing = (await vault(repo, 'ls', 'latest')).stdout;
    expect(listing).toContain(`${source}/census.json`);
    expect(listing).not.toContain(unreadable);
  });
});

/** A 3 MiB tmpfs when this machine lets us mount one (root in a permissive sandbox); else null. */
function smallDisk(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'vault-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const disk = process.platform === 'linux' ? smallDisk() : null;
afterAll(() => {
  if (!disk) return;
  execFileSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

describe.skipIf(!disk)('vault backup onto a full disk', () => {
  it('stops with one line naming the full disk; the repository checks clean and takes the next backup', async () => {
    const repo = join(disk as string, 'repo');
    expect((await vault(repo, 'init')).code).toBe(0);
    expect((await vault(repo, 'backup', source)).code).toBe(0);
    // Noise does not compress: 6 MiB cannot fit in what is left of 3 MiB.
    const random = seededRandom(3);
    const big = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = Math.floor(random() * 256);
    writeFileSync(join(source, 'scan.dcm'), big);

    const full = await vault(repo, 'backup', source);
    expect(full).toMatchObject({ code: 1, stdout: '' });
    expect(full.stderr).toMatch(oneLine('VAULT_DISK_FULL'));
    await expectIntact(repo, 1);

    rmSync(join(source, 'scan.dcm'));
    writeFileSync(join(source, 'census.json'), JSON.stringify({ beds: 31 }));
    expect((await vault(repo, 'backup', source)).code).toBe(0);
    await expectIntact(repo, 2);
  });
});
