import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LifelineError } from '../kernel/errors.js';
import { type CliHarness, cliHarness } from './cli.testkit.js';
import { reportFailure } from './failure.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.close());

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('configuration errors', () => {
  it('names server.port and its source in one line', async () => {
    const result = await cli.run(['user', 'list'], { env: { LIFELINE_SERVER_PORT: 'abc' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^lifeline: configuration server\.port: .* \(from LIFELINE_SERVER_PORT\) \(CONFIG_INVALID\)\n$/,
    );
  });

  it('reads ./lifeline.yaml by default and another file with --config', async () => {
    writeFileSync(join(cli.dir, 'lifeline.yaml'), 'server:\n  port: not-a-port\n');
    const local = await cli.run(['user', 'list']);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain(`(from ${join(cli.dir, 'lifeline.yaml')})`);

    writeFileSync(join(cli.dir, 'other.yaml'), `database:\n  url: sqlite:${join(cli.dir, 'other.db')}\n`);
    const env = { LIFELINE_DATABASE_URL: undefined } as NodeJS.ProcessEnv;
    const added = await cli.run(['--config', 'other.yaml', 'user', 'add', 'viaconfig', '--role', 'auditor'], {
      env,
    });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const listed = await cli.run(['user', 'list', '--json', '--config', join(cli.dir, 'other.yaml')], {
      env,
    });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ username: 'viaconfig' })]);
  });

  it('says so when the configuration file is missing', async () => {
    const result = await cli.run(['--config', 'missing.yaml', 'user', 'list']);
    expect(result).toMatchObject({
      code: 1,
      stderr: `lifeline: configuration file ${join(cli.dir, 'missing.yaml')} cannot be read (CONFIG_INVALID)\n`,
    });
  });
});

describe('usage errors', () => {
  it('exits 2 with one line for an unknown command, option or missing argument', async () => {
    for (const args of [['nope'], ['user', 'list', '--bogus'], ['user', 'add'], ['token', 'revoke']]) {
      const result = await cli.run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^lifeline: /);
      expect(lines(result.stderr), args.join(' ')).toHaveLength(1);
    }
  });

  it('prints help and the version with exit 0', async () => {
    const help = await cli.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lifeline');
    for (const command of ['start', 'serve', 'db', 'user', 'token', 'audit', 'demo'])
      expect(help.stdout).toContain(command);
    const version = await cli.run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });
});

describe('reportFailure', () => {
  function capture(error: unknown, env: NodeJS.ProcessEnv = {}): { code: number; stderr: string } {
    let stderr = '';
    const code = reportFailure(error, { stderr: { write: (text: string) => (stderr += text) }, env });
    return { code, stderr };
  }

  it('prints a LifelineError as one line with its code, flattening line breaks', () => {
    expect(capture(new LifelineError('USER_EXISTS', 'taken\nreally'))).toEqual({
      code: 1,
      stderr: 'lifeline: taken really (USER_EXISTS)\n',
    });
    expect(capture(new LifelineError('CLI_USAGE', 'bad')).code).toBe(2);
  });

  it('shows no stack for an unexpected error unless LIFELINE_DEBUG=1', () => {
    const error = new Error('boom', { cause: new Error('root cause') });
    const plain = capture(error);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual([
      'lifeline: unexpected error: boom (INTERNAL; LIFELINE_DEBUG=1 shows the stack)',
    ]);
    const debug = capture(error, { LIFELINE_DEBUG: '1' });
    expect(debug.stderr).toContain('at ');
    expect(debug.stderr).toContain('caused by: Error: root cause');
  });
});
