import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

const RESTIC = '/usr/bin/restic';
const PASSWORD = 'ward-7-backup-secret';
let cli: CliHarness;
let repo: string;
let source: string;

beforeEach(() => {
  cli = cliHarness({ LIFELINE_VAULT_PASSWORD: PASSWORD });
  repo = join(cli.dir, 'repo');
  source = join(cli.dir, 'records');
  mkdirSync(join(source, 'ward-7', 'empty'), { recursive: true });
  writeFileSync(join(source, 'ward-7', 'census.json'), JSON.stringify({ beds: 24, occupied: 19 }));
  // Deterministic but incompressible-looking content, big enough for several chunks.
  const big = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(source, 'scan.dcm'), big);
  symlinkSync('ward-7/census.json', join(source, 'today'));
});
afterEach(() => cli.close());

const vault = (...args: string[]) => cli.run(['vault', '--repo', repo, ...args]);

function packFiles(): string[] {
  const data = join(repo, 'data');
  return readdirSync(data).flatMap((dir) =>
    readdirSync(join(data, dir)).map((name) => join(data, dir, name)),
  );
}

describe('lifeline vault', () => {
  it('backs up, lists, restores byte for byte, and skips unchanged files the second time', async () => {
    expect((await vault('init')).code).toBe(0);
    const first = await vault('backup', source, '--tag', 'nightly', '--json');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'summary', files: 2, filesUnchanged: 0 });

    const second = JSON.parse(
      (await vault('backup', source, '--json')).stdout.trim().split('\n').at(-1) ?? '{}',
    );
    expect(second).toMatchObject({ files: 2, filesUnchanged: 2, bytesRead: 0 });

    const snapshots = JSON.parse((await vault('snapshots', '--json')).stdout) as {
      id: string;
      tags?: string[];
    }[];
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]?.tags).toEqual(['nightly']);

    const listing = (await vault('ls', 'latest')).stdout;
    expect(listing).toContain(`${source}/ward-7/census.json`);
    expect(listing).toContain(`${source}/ward-7/empty`);

    const target = join(cli.dir, 'restored');
    expect((await vault('restore', 'latest', '--target', target)).code).toBe(0);
    const back = join(target, source);
    expect(readFileSync(join(back, 'scan.dcm')).equals(readFileSync(join(source, 'scan.dcm')))).toBe(true);
    expect(readFileSync(join(back, 'ward-7', 'census.json'), 'utf8')).toContain('"beds":24');
    expect(statSync(join(back, 'ward-7', 'empty')).isDirectory()).toBe(true);
    // Node sets times as floating-point seconds, so compare to the millisecond.
    expect(Math.floor(statSync(join(back, 'scan.dcm')).mtimeMs)).toBe(
      Math.floor(statSync(join(source, 'scan.dcm')).mtimeMs),
    );

    expect((await vault('check', '--read-data')).stdout).toContain('no errors were found');
  });

  it.skipIf(!existsSync(RESTIC))('writes repositories that restic checks clean and restores', async () => {
    await vault('init');
    await vault('backup', source);
    const env = { ...process.env, RESTIC_PASSWORD: PASSWORD, XDG_CACHE_HOME: join(cli.dir, 'cache') };
    const run = promisify(execFile);
    await expect(
      run(RESTIC, ['-r', repo, '--no-cache', 'check', '--read-data'], { env }),
    ).resolves.toBeDefined();
    const target = join(cli.dir, 'by-restic');
    await run(RESTIC, ['-r', repo, '--no-cache', 'restore', 'latest', '--target', target], { env });
    expect(
      readFileSync(join(target, source, 'scan.dcm')).equals(readFileSync(join(source, 'scan.dcm'))),
    ).toBe(true);
  });

  it('names the damaged blob and the file using it, restores the rest, and fails loudly', async () => {
    await vault('init');
    await vault('backup', source);
    const biggest = packFiles().sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
    const bytes = readFileSync(biggest);
    bytes[200] = (bytes[200] ?? 0) ^ 0x01;
    writeFileSync(biggest, bytes);

    expect((await vault('check')).code).toBe(0); // structure only: the header is intact
    const checked = await vault('check', '--read-data');
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/data blob [0-9a-f]{64} is damaged/);
    expect(checked.stderr).toContain(`${source}/scan.dcm`);

    const target = join(cli.dir, 'partial');
    const restored = await vault('restore', 'latest', '--target', target);
    expect(restored.code).toBe(1);
    expect(restored.stderr).toContain('scan.dcm');
    expect(readFileSync(join(target, source, 'ward-7', 'census.json'), 'utf8')).toContain('"beds":24');
  });

  it('gives one clear line for a wrong password, a missing repository and missing options', async () => {
    await vault('init');
    const wrong = await cli.run(['vault', '--repo', repo, 'snapshots'], {
      env: { LIFELINE_VAULT_PASSWORD: 'nope' },
    });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^lifeline: .*\(VAULT_WRONG_PASSWORD\)\n$/);
    const missing = await cli.run(['vault', '--repo', join(cli.dir, 'nothing-here'), 'snapshots']);
    expect(missing.stderr).toMatch(/^lifeline: .*\(VAULT_REPO_NOT_FOUND\)\n$/);
    const noRepo = await cli.run(['vault', 'snapshots']);
    expect(noRepo).toMatchObject({ code: 2 });
    expect(noRepo.stderr).toContain('--repo');
    const again = await vault('init');
    expect(again.stderr).toMatch(/\(VAULT_REPO_EXISTS\)/);
  });

  it('reads the password from a file like restic, and refuses a bad subset', async () => {
    const file = join(cli.dir, 'password.txt');
    writeFileSync(file, `${PASSWORD}\nignored second line\n`);
    await vault('init');
    const listed = await cli.run(['vault', '--repo', repo, '--password-file', file, 'snapshots'], {
      env: { LIFELINE_VAULT_PASSWORD: '' },
    });
    expect(listed).toMatchObject({ code: 0 });
    expect((await vault('check', '--read-data-subset', '150%')).code).toBe(2);
  });

  it('refuses a missing source path before writing anything, naming it', async () => {
    await vault('init');
    const result = await vault('backup', source, join(cli.dir, 'no-such-dir'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-such-dir cannot be backed up \(ENOENT\) \(VAULT_SOURCE_UNREADABLE\)/);
    expect(JSON.parse((await vault('snapshots', '--json')).stdout)).toHaveLength(0);
  });
});
