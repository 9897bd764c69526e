import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FileActivity } from '../types.js';
import type { SentinelShareWatcher, WatchProblem } from './problems.js';

/** A temporary share with a few folders; `remove` cleans it up. */
export function makeTree(): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'sentinel-watch-'));
  mkdirSync(join(root, 'docs', 'old'), { recursive: true });
  mkdirSync(join(root, 'scans'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Collects what a watcher reports; `waitFor` resolves with the first activity that matches. */
export function collect(watcher: SentinelShareWatcher) {
  const seen: FileActivity[] = [];
  const problems: WatchProblem[] = [];
  const waiters: { match: (a: FileActivity) => boolean; resolve: (a: FileActivity) => void }[] = [];
  watcher.onProblem((problem) => problems.push(problem));
  watcher.onActivity((activity) => {
    seen.push(activity);
    for (const waiter of [...waiters]) {
      if (!waiter.match(activity)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(activity);
    }
  });
  function waitFor(match: (a: FileActivity) => boolean, what: string, ms = 10_000): Promise<FileActivity> {
    const earlier = seen.find(match);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no activity: ${what}; saw ${JSON.stringify(seen)}`)),
        ms,
      );
      waiters.push({ match, resolve: (a) => (clearTimeout(timer), resolve(a)) });
    });
  }
  return { seen, problems, waitFor };
}

/** Runs a short Node script as a separate process (its own pid); argv[1..] are the given args. */
export function spawnNode(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['-e', script, ...args], { stdio: 'ignore' });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The state letter of /proc/<pid>/stat (R, S, T, Z, …), or null when the process is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** Polls until `check` holds; for process states that the kernel sets a moment after a signal. */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Writes `argv[1]` once, then keeps writing `argv[2]` so the process is alive to be inspected. */
export const WRITE_THEN_KEEP_BUSY = `
const fs = require('fs');
fs.appendFileSync(process.argv[1], 'changed');
const end = Date.now() + 20000;
const tick = () => { fs.appendFileSync(process.argv[2], 'x'); if (Date.now() < end) setTimeout(tick, 20); };
tick();
`;
