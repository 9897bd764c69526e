import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRepository, openRepository } from '../modules/vault/index.js';
import { runCli } from './main.js';

const PASSWORD = 'ward-7-retention-secret';
const RESTIC = '/usr/bin/restic';
const hasRestic = existsSync(RESTIC);

function restic(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    RESTIC_PASSWORD: PASSWORD,
  };
  return new Promise((resolve) => {
    execFile(
      RESTIC,
      ['-r', repo, '--no-cache', ...args],
      { env, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
let dir: string;
let repo: string;
let source: string;

/** Runs `lifeline vault …` in-process, as the binary would. */
async function vault(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'lifeline', 'vault', '--repo', repo, ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { LIFELINE_VAULT_PASSWORD: PASSWORD, LIFELINE_LOG_LEVEL: 'silent' },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

function packBytes(): number {
  const data = join(repo, 'data');
  return readdirSync(data)
    .flatMap((sub) => readdirSync(join(data, sub)).map((name) => statSync(join(data, sub, name)).size))
    .reduce((a, b) => a + b, 0);
}

const census = Buffer.from(JSON.stringify({ beds: 24, occupied: 19 }));
const scan = randomBytes(3 * 1024 * 1024);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-vault-maint-'));
  repo = join(dir, 'repo');
  source = join(dir, 'records');
  mkdirSync(join(source, 'ward-7'), { recursive: true });
  writeFileSync(join(source, 'ward-7', 'census.json'), census);
  writeFileSync(join(source, 'scan.dcm'), scan);
  writeFileSync(join(source, 'old-scan.dcm'), randomBytes(2 * 1024 * 1024));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function threeBackups(): Promise<void> {
  expect((await vault('init')).code).toBe(0);
  expect((await vault('backup', source)).code).toBe(0);
  writeFileSync(join(source, 'ward-7', 'census.json'), JSON.stringify({ beds: 24, occupied: 21 }));
  expect((await vault('backup', source)).code).toBe(0);
  rmSync(join(source, 'old-scan.dcm'));
  writeFileSync(join(source, 'ward-7', 'census.json'), census);
  expect((await vault('backup', source)).code).toBe(0);
}

describe('lifeline vault forget / prune / stats', { timeout: 180_000 }, () => {
  it('forget --keep-last 1 --prune shrinks the repository; what remains checks clean and restores', async () => {
    await threeBackups();
    const before = packBytes();
    const forgot = await vault('forget', '--keep-last', '1', '--prune', '--max-unused', '0%');
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toContain('keep 1 snapshots:');
    expect(forgot.stdout).toContain('last snapshot');
    expect(forgot.stdout).toContain('remove 2 snapshots:');
    expect(forgot.stdout).toMatch(/done: \d+ new pack\(s\) written/);
    // The deleted 2 MiB file and the old census versions are gone.
    expect(packBytes()).toBeLessThan(before - 2 * 1024 * 1024);

    const snapshots = JSON.parse((await vault('snapshots', '--json')).stdout) as { id: string }[];
    expect(snapshots).toHaveLength(1);
    const report = await checkRepository(await openRepository({ repo, password: PASSWORD }), {
      readData: true,
    });
    expect(report.errors).toEqual([]);
    expect(report.hints).toEqual([]);
    expect((await vault('check', '--read-data')).stdout).toContain('no errors were found');

    const target = join(dir, 'restored');
    expect((await vault('restore', 'latest', '--target', target)).code).toBe(0);
    expect(readFileSync(join(target, source, 'scan.dcm')).equals(scan)).toBe(true);
    expect(readFileSync(join(target, source, 'ward-7', 'census.json')).equals(census)).toBe(true);
    expect(() => statSync(join(target, source, 'old-scan.dcm'))).toThrow();

    if (hasRestic) {
      const home = join(dir, 'home');
      mkdirSync(home);
      const check = await restic(['check', '--read-data'], home);
      expect(check.code, check.stderr).toBe(0);
    }
  });

  it('--dry-run lists what would go and changes nothing; bad options are usage errors', async () => {
    await threeBackups();
    const before = packBytes();
    const dry = await vault('forget', '--keep-last', '2', '--dry-run', '--prune', '--json');
    expect(dry.code).toBe(0);
    const parsed = JSON.parse(dry.stdout.slice(0, dry.stdout.indexOf('\n}\n') + 2)) as {
      groups: { keep: unknown[]; remove: unknown[]; reasons: { matches: string[] }[] }[];
      removed: string[];
    };
    expect(parsed.groups[0]?.keep).toHaveLength(2);
    expect(parsed.removed).toHaveLength(1);
    expect(JSON.parse((await vault('snapshots', '--json')).stdout)).toHaveLength(3);
    expect(packBytes()).toBe(before);

    expect((await vault('forget')).stdout).toContain('no policy was specified');
    expect((await vault('forget', '--keep-within', '3w')).code).toBe(2);
    expect((await vault('forget', '--keep-last', 'many')).code).toBe(2);
    expect((await vault('prune', '--max-unused', 'lots')).code).toBe(2);
    expect((await vault('stats', '--mode', 'files-by-contents')).code).toBe(2);
  });

  it('forgets a snapshot by id, and prune alone then frees its data', async () => {
    await threeBackups();
    const [first] = JSON.parse((await vault('snapshots', '--json')).stdout) as { id: string }[];
    const forgot = await vault('forget', first?.id.slice(0, 8) ?? '');
    expect(forgot.stdout).toContain(`removed snapshot ${first?.id.slice(0, 8)}`);
    const pruned = await vault('prune', '--json');
    expect(pruned.code).toBe(0);
    const result = JSON.parse(pruned.stdout) as { bytesFreed: number; snapshots: number };
    expect(result.snapshots).toBe(2);
    expect(result.bytesFreed).toBeGreaterThan(0);
  });

  it('stats reports restore size and raw data like restic', async () => {
    await threeBackups();
    const restoreSize = JSON.parse((await vault('stats', 'latest', '--json')).stdout) as Record<
      string,
      number
    >;
    // records/, ward-7/, census.json, scan.dcm, the path's parent directories
    expect(restoreSize.total_size).toBeGreaterThanOrEqual(scan.length + census.length);
    expect(restoreSize.total_size).toBeLessThan(scan.length + census.length + 100_000);
    expect(restoreSize.snapshots_count).toBe(1);
    const all = JSON.parse((await vault('stats', '--json')).stdout) as Record<string, number>;
    expect(all.snapshots_count).toBe(3);
    expect(all.total_size).toBeGreaterThan(2 * (scan.length + census.length));

    const raw = JSON.parse((await vault('stats', '--mode', 'raw-data', '--json')).stdout) as Record<
      string,
      number
    >;
    // Every blob once: the scans are stored once however many snapshots use them.
    expect(raw.total_size).toBeGreaterThan(scan.length + 2 * 1024 * 1024);
    expect(raw.total_size).toBeLessThan(scan.length + 2 * 1024 * 1024 + 200_000);
    expect(raw.total_blob_count).toBeGreaterThan(3);
    expect(raw.compression_ratio).toBeGreaterThan(0.9);
    expect((await vault('stats', '--mode', 'raw-data')).stdout).toContain('Stats in raw-data mode:');

    if (hasRestic) {
      const home = join(dir, 'home');
      mkdirSync(home);
      const theirs = await restic(['--json', 'stats', 'latest'], home);
      const parsed = JSON.parse(theirs.stdout) as Record<string, number>;
      expect(restoreSize.total_size).toBe(parsed.total_size);
      expect(restoreSize.total_file_count).toBe(parsed.total_file_count);
    }
  });
});
