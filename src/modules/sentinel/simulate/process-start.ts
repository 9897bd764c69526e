import { readFileSync } from 'node:fs';
import { parseStatState } from '../respond/proc.js';
import { processStartTicks } from '../watch/index.js';

/** A process's start time in clock ticks, as the journal keeps it; '' when the process is gone. */
export function processStart(pid: number): string {
  return String(processStartTicks(pid) ?? '');
}

/** The process's state letter (R, S, T, Z, …), or null when it is gone; synchronous for polling loops. */
export function processState(pid: number): string | null {
  try {
    return parseStatState(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}
