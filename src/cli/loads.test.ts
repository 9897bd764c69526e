import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the command line under plain Node', () => {
  // Vitest's loader forgives CommonJS packages imported by name; Node's ESM loader does not. A
  // shipped `lifeline` must load the way Node loads it.
  it('imports every module of the CLI and prints its help', async () => {
    const run = promisify(execFile);
    // server-run and runtime are loaded lazily by the commands that need them: import them too.
    const script = [
      "await import('./src/cli/server-run.ts');",
      "await import('./src/cli/runtime.ts');",
      "const { runCli } = await import('./src/cli/main.ts');",
      "process.exitCode = await runCli(['node', 'lifeline', 'vault', '--help']);",
    ].join(' ');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, LIFELINE_LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(stdout).toContain('backup');
    expect(stdout).toContain('restore');
  });
});
