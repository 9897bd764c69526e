import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RESTIC = '/usr/bin/restic';
export const hasRestic = existsSync(RESTIC);

export interface ResticResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the stock restic binary against `repo` with an isolated HOME and cache. */
export async function restic(
  repo: string,
  password: string,
  args: string[],
  home: string,
): Promise<ResticResult> {
  return new Promise((resolve) => {
    execFile(
      RESTIC,
      ['-r', repo, '--no-cache', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          XDG_CACHE_HOME: join(home, 'cache'),
          RESTIC_PASSWORD: password,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; dispose: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}
