import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

const PASSWORD = 'first-key-password';
let cli: CliHarness;
const vault = (args: string[], options?: { stdin?: string; env?: NodeJS.ProcessEnv }) =>
  cli.run(['vault', '--repo', 'repo', ...args], options);

interface KeyRow {
  id: string;
  current: boolean;
  username: string;
  hostname: string;
  created: string;
}

beforeEach(async () => {
  cli = cliHarness({ LIFELINE_VAULT_PASSWORD: PASSWORD });
  expect((await vault(['init'])).code).toBe(0);
});
afterEach(() => cli.close());

describe('lifeline vault key', () => {
  it('adds keys from stdin or a file; each opens the repository and list marks the one in use', async () => {
    const added = await vault(['key', 'add', '--user', 'night-shift', '--host', 'ward7'], {
      stdin: 'second-password\n',
    });
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^added key [0-9a-f]{8}\n$/) });
    writeFileSync(join(cli.dir, 'third.txt'), 'third-password\nignored second line\n');
    expect((await vault(['key', 'add', '--new-password-file', 'third.txt'])).code).toBe(0);

    const keys = JSON.parse((await vault(['key', 'list', '--json'])).stdout) as KeyRow[];
    expect(keys).toHaveLength(3);
    expect(keys.filter((k) => k.current)).toHaveLength(1);
    expect(keys.find((k) => k.username === 'night-shift')?.hostname).toBe('ward7');

    const asSecond = await vault(['key', 'list', '--json'], {
      env: { LIFELINE_VAULT_PASSWORD: 'second-password' },
    });
    const current = (JSON.parse(asSecond.stdout) as KeyRow[]).find((k) => k.current);
    expect(current?.username).toBe('night-shift');
    const table = (await vault(['key', 'list'], { env: { LIFELINE_VAULT_PASSWORD: 'third-password' } }))
      .stdout;
    expect(table.split('\n').filter((line) => line.startsWith('*'))).toHaveLength(1);
    expect(table).toContain('night-shift');
  });

  it('refuses an empty new password', async () => {
    const result = await vault(['key', 'add'], { stdin: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no password was given on standard input (CLI_USAGE)');
  });

  it('removes another key by prefix, but never the key in use or the last key', async () => {
    await vault(['key', 'add'], { stdin: 'second-password' });
    const keys = JSON.parse((await vault(['key', 'list', '--json'])).stdout) as KeyRow[];
    const mine = keys.find((k) => k.current)?.id ?? '';
    const other = keys.find((k) => !k.current)?.id ?? '';

    const refused = await vault(['key', 'remove', mine.slice(0, 8)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /is the one this password opened; give another key's password .*\(CONFLICT\)\n$/,
    );

    const removed = await vault(['key', 'remove', other.slice(0, 10)]);
    expect(removed).toMatchObject({ code: 0, stdout: `removed key ${other.slice(0, 8)}\n` });
    const wrong = await vault(['key', 'list'], { env: { LIFELINE_VAULT_PASSWORD: 'second-password' } });
    expect(wrong.stderr).toContain('VAULT_WRONG_PASSWORD');

    const last = await vault(['key', 'remove', mine]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('the last key cannot be removed');
    expect((await vault(['key', 'remove', 'abcdef12'])).stderr).toContain('(NOT_FOUND)');
    expect((await vault(['key', 'list', '--json'])).stdout).toContain(mine);
  });
});
