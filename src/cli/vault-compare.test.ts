import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
let source: string;
const vault = (args: string[], env?: NodeJS.ProcessEnv) =>
  cli.run(['vault', '--repo', 'repo', ...args], env ? { env } : undefined);

async function snapshotIds(
  repo = 'repo',
  env?: NodeJS.ProcessEnv,
): Promise<{ id: string; original?: string }[]> {
  const result = await cli.run(['vault', '--repo', repo, 'snapshots', '--json'], env ? { env } : undefined);
  return JSON.parse(result.stdout) as { id: string; original?: string }[];
}

beforeEach(async () => {
  cli = cliHarness({ LIFELINE_VAULT_PASSWORD: 'source-pw' });
  source = join(cli.dir, 'records');
  mkdirSync(join(source, 'ward-7', 'old'), { recursive: true });
  writeFileSync(join(source, 'ward-7', 'census.json'), '{"beds":24}');
  writeFileSync(join(source, 'ward-7', 'old', 'rota.txt'), 'rota');
  writeFileSync(join(source, 'run.sh'), 'echo');
  expect((await vault(['init'])).code).toBe(0);
  expect((await vault(['backup', source])).code).toBe(0);
  writeFileSync(join(source, 'ward-7', 'census.json'), '{"beds":25}');
  rmSync(join(source, 'ward-7', 'old'), { recursive: true });
  writeFileSync(join(source, 'ward-7', 'admissions.csv'), 'a,b\n'.repeat(100));
  chmodSync(join(source, 'run.sh'), 0o755);
  expect((await vault(['backup', source])).code).toBe(0);
});
afterEach(() => cli.close());

describe('lifeline vault diff', () => {
  it('prints restic-style change lines and totals', async () => {
    const [first, second] = await snapshotIds();
    const result = await vault(['diff', first?.id.slice(0, 8) ?? '', 'latest']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`comparing snapshot ${first?.id.slice(0, 8)} to ${second?.id.slice(0, 8)}:`);
    for (const expected of [
      `M    ${source}/ward-7/census.json`,
      `+    ${source}/ward-7/admissions.csv`,
      `-    ${source}/ward-7/old/`,
      `-    ${source}/ward-7/old/rota.txt`,
      `U    ${source}/run.sh`,
    ])
      expect(lines).toContain(expected);
    expect(result.stdout).toMatch(/Files: +1 new, +1 removed, +1 changed/);
    expect(result.stdout).toMatch(/Dirs: +0 new, +1 removed/);
    expect(result.stdout).toContain('  Added:   411 B');
  });

  it('gives the same facts as JSON, and fails clearly on an unknown snapshot', async () => {
    const json = JSON.parse((await vault(['diff', 'latest', 'latest', '--json'])).stdout) as {
      changes: unknown[];
      stats: { changedFiles: number };
    };
    expect(json).toMatchObject({ changes: [], stats: { changedFiles: 0 } });
    const missing = await vault(['diff', 'latest', 'ffffffff']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('(VAULT_SNAPSHOT_NOT_FOUND)');
  });
});

describe('lifeline vault copy', () => {
  it('copies every snapshot into a second repository once, which then checks clean', async () => {
    const target = { LIFELINE_VAULT_PASSWORD: 'target-pw' };
    expect((await cli.run(['vault', '--repo', 'copy', 'init'], { env: target })).code).toBe(0);
    writeFileSync(join(cli.dir, 'target-pw.txt'), 'target-pw\n');

    const first = await vault(['copy', '--to-repo', 'copy', '--to-password-file', 'target-pw.txt']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 copied, 0 skipped');
    const originals = (await snapshotIds()).map((s) => s.id);
    expect((await snapshotIds('copy', target)).map((s) => s.original)).toEqual(originals);

    const again = await vault(['copy'], {
      LIFELINE_VAULT_TO_REPO: 'copy',
      LIFELINE_VAULT_TO_PASSWORD: 'target-pw',
    });
    expect(again.stdout).toContain('0 copied, 2 skipped');
    expect(again.stdout).toContain('in the target already, skipped');
    const check = await cli.run(['vault', '--repo', 'copy', 'check', '--read-data'], { env: target });
    expect(check.stdout).toContain('no errors were found');
  });

  it('says which repository refused the password, and needs a target', async () => {
    await cli.run(['vault', '--repo', 'copy', 'init'], { env: { LIFELINE_VAULT_PASSWORD: 'target-pw' } });
    const wrong = await vault(['copy'], {
      LIFELINE_VAULT_TO_REPO: 'copy',
      LIFELINE_VAULT_TO_PASSWORD: 'guess',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      'lifeline: target repository: no key of the repository opens with that password (VAULT_WRONG_PASSWORD)\n',
    );
    expect(wrong.stderr).not.toContain('guess');
    expect((await snapshotIds('copy', { LIFELINE_VAULT_PASSWORD: 'target-pw' })).length).toBe(0);
    const none = await vault(['copy']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--to-repo');
  });
});
