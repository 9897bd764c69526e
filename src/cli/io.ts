import { userInfo } from 'node:os';
import { LifelineError } from '../kernel/errors.js';

export interface TextSink {
  write(chunk: string): unknown;
}

/** Where a CLI run reads and writes; tests pass their own, the `lifeline` binary passes the process's. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: NodeJS.ProcessEnv;
  /** Read by `--password-stdin`. */
  stdin: NodeJS.ReadableStream;
  /** Directory where `lifeline.yaml` is looked for when `--config` is not given. */
  cwd: string;
  /** Stops `start` and `serve` like SIGINT does. */
  signal?: AbortSignal | undefined;
}

export function resolveIo(io: Partial<CliIo> = {}): CliIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal,
  };
}

/** The audit actor for everything done from this terminal. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // Containers often run as a uid without a passwd entry.
    name = env.USER ?? env.USERNAME;
  }
  return `cli:${name || 'unknown'}`;
}

/** Reads a secret piped on standard input, dropping the one line break `echo` adds. */
export async function readSecret(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw new LifelineError('CLI_USAGE', 'no password was given on standard input');
  if (text.includes('\n'))
    throw new LifelineError('CLI_USAGE', 'the password on standard input must be one line');
  return text;
}
