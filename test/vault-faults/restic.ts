import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const RESTIC = '/usr/bin/restic';
export const hasRestic = existsSync(RESTIC);

/** Runs the stock restic binary with an isolated HOME and no cache; never rejects. */
export function restic(
  repo: string,
  password: string,
  args: string[],
  home: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
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
        maxBuffer: 16 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
