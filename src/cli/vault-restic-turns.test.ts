import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import { hasRestic, restic as runRestic } from '../modules/vault/repo/restic.testkit.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';

const PASSWORD = 'shared-between-tools';
let cli: CliHarness;

beforeEach(() => {
  cli = cliHarness({ LIFELINE_VAULT_PASSWORD: PASSWORD });
});
afterEach(() => cli.close());

const restic = (...args: string[]) => runRestic(join(cli.dir, 'repo'), PASSWORD, args, cli.dir);

describe.skipIf(!hasRestic)('Lifeline and restic on one repository', () => {
  it('take turns appending, and each checks the other’s work clean', async () => {
    const repo = join(cli.dir, 'repo');
    const source = join(cli.dir, 'share');
    mkdirSync(source);
    const vault = (...args: string[]) => cli.run(['vault', '--repo', repo, ...args]);
    expect((await vault('init')).code).toBe(0);

    for (let round = 0; round < 3; round++) {
      writeFileSync(
        join(source, `restic-${round}.txt`),
        `written before restic's turn ${round}\n`.repeat(500),
      );
      const made = await restic('backup', '--host', 'ward', source);
      expect(made.code, made.stderr).toBe(0);
      const ours = await vault('check', '--read-data');
      expect(ours.code, ours.stderr).toBe(0);

      writeFileSync(
        join(source, `lifeline-${round}.txt`),
        `written before Lifeline's turn ${round}\n`.repeat(500),
      );
      expect((await vault('backup', '--host', 'ward', source)).code).toBe(0);
      const theirs = await restic('check', '--read-data');
      expect(theirs.code, theirs.stderr).toBe(0);
    }

    expect(JSON.parse((await vault('snapshots', '--json')).stdout)).toHaveLength(6);
    const byRestic = join(cli.dir, 'by-restic');
    expect((await restic('restore', 'latest', '--target', byRestic)).code).toBe(0);
    const byLifeline = join(cli.dir, 'by-lifeline');
    expect((await vault('restore', 'latest', '--target', byLifeline)).code).toBe(0);
    for (const name of ['restic-2.txt', 'lifeline-2.txt']) {
      const original = readFileSync(join(source, name));
      expect(readFileSync(join(byRestic, source, name)).equals(original)).toBe(true);
      expect(readFileSync(join(byLifeline, source, name)).equals(original)).toBe(true);
    }
  });
});
