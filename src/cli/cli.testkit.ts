import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from './main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  /** Working directory of every run; holds the SQLite file unless a database URL is given. */
  dir: string;
  dbFile: string;
  env: NodeJS.ProcessEnv;
  run(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  /** Starts a run and hands back its live output, for commands that keep running. */
  spawn(args: readonly string[], options?: RunOptions): RunningCli;
  close(): void;
}

export interface RunOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface RunningCli {
  output(): CliResult;
  done: Promise<CliResult>;
}

/** Runs `lifeline` in-process against a throwaway SQLite database, with logging silenced. */
export function cliHarness(env: NodeJS.ProcessEnv = {}): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-cli-'));
  const dbFile = join(dir, 'x.db');
  const baseEnv: NodeJS.ProcessEnv = {
    LIFELINE_DATABASE_URL: `sqlite:${dbFile}`,
    LIFELINE_LOG_LEVEL: 'silent',
    ...env,
  };
  const spawn = (args: readonly string[], options: RunOptions = {}): RunningCli => {
    let stdout = '';
    let stderr = '';
    const output = () => ({ code: -1, stdout, stderr });
    const done = runCli(['node', 'lifeline', ...args], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { ...baseEnv, ...options.env },
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      cwd: dir,
      signal: options.signal,
    }).then((code) => ({ code, stdout, stderr }));
    return { output, done };
  };
  return {
    dir,
    dbFile,
    env: baseEnv,
    spawn,
    run: (args, options) => spawn(args, options).done,
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls until `check` passes or the deadline is reached; generous by default for loaded machines. */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
