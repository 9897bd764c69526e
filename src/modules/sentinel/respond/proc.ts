import { readFile } from 'node:fs/promises';

import { delay } from './outcome.js';

/**
 * The one-letter scheduler state from `/proc/<pid>/stat` (R, S, D, T, t, Z, …), or null when the
 * process is gone. The state follows the last `)`, since the command name may itself hold one.
 */
export function parseStatState(stat: string): string | null {
  const close = stat.lastIndexOf(')');
  if (close === -1) return null;
  const state = stat.slice(close + 1).trimStart()[0];
  return state !== undefined && /[A-Za-z]/.test(state) ? state : null;
}

export async function processState(pid: number): Promise<string | null> {
  try {
    return parseStatState(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Polls the state until `wanted` holds: a signal is delivered asynchronously, and a process in an
 * uninterruptible write (D) takes its stop only when the write returns.
 */
export async function waitForState(
  pid: number,
  wanted: (state: string | null) => boolean,
  attempts = 100,
): Promise<string | null> {
  let state = await processState(pid);
  for (let i = 0; i < attempts && !wanted(state); i++) {
    await delay(i < 20 ? 1 : 10);
    state = await processState(pid);
  }
  return state;
}

/** Processes the sentinel must never stop: init, and itself (it would never wake up to resume). */
export function untouchable(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 1) return `pid ${pid} is not a process that may be stopped`;
  if (pid === process.pid) return `pid ${pid} is the sentinel itself`;
  return null;
}
