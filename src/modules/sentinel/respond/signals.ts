import type { ActionOutcome, StopActionKind } from '../types.js';
import type { StopAction } from './context.js';
import { errnoOf, outcome } from './outcome.js';
import { untouchable, waitForState } from './proc.js';

const stopped = (state: string | null): boolean => state === 'T' || state === 't';
const dead = (state: string | null): boolean => state === null || state === 'Z' || state === 'X';

function send(kind: StopActionKind, pid: number | null, signal: NodeJS.Signals): ActionOutcome | null {
  if (pid === null) return outcome(kind, false, 'the writer is not known (no pid)');
  const refused = untouchable(pid);
  if (refused) return outcome(kind, false, refused);
  try {
    process.kill(pid, signal);
    return null;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ESRCH') return outcome(kind, false, `process ${pid} is gone`);
    if (code === 'EPERM') return outcome(kind, false, `not permitted to signal process ${pid} (run as root)`);
    return outcome(kind, false, `${signal} to process ${pid} failed (${code})`);
  }
}

/** SIGSTOP, judged done only when the kernel shows the process stopped. */
export function suspendAction(): StopAction {
  return {
    kind: 'suspend',
    async run(context) {
      const pid = context.writer.pid;
      const failed = send('suspend', pid, 'SIGSTOP');
      if (failed || pid === null) return failed ?? outcome('suspend', false, 'no pid');
      const state = await waitForState(pid, (s) => stopped(s) || dead(s));
      if (stopped(state)) return outcome('suspend', true, `process ${pid} stopped`);
      if (dead(state)) return outcome('suspend', false, `process ${pid} exited before it could be stopped`);
      return outcome('suspend', false, `process ${pid} did not stop (state ${state ?? '?'})`);
    },
  };
}

/** SIGKILL, judged done when the process is gone or a zombie waiting for its parent. */
export function killAction(): StopAction {
  return {
    kind: 'kill',
    async run(context) {
      const pid = context.writer.pid;
      const failed = send('kill', pid, 'SIGKILL');
      if (failed || pid === null) return failed ?? outcome('kill', false, 'no pid');
      const state = await waitForState(pid, dead, 300);
      return dead(state)
        ? outcome('kill', true, `process ${pid} killed`)
        : outcome('kill', false, `process ${pid} is still running (state ${state ?? '?'})`);
    },
  };
}

/** Lets a suspended writer go on (SIGCONT), after an operator judged it harmless. */
export async function resumeWriter(pid: number): Promise<ActionOutcome> {
  const failed = send('suspend', pid, 'SIGCONT');
  if (failed) return failed;
  const state = await waitForState(pid, (s) => !stopped(s));
  return stopped(state)
    ? outcome('suspend', false, `process ${pid} is still stopped`)
    : outcome('suspend', true, `process ${pid} resumed`);
}
