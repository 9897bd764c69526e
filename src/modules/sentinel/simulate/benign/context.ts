import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where a benign workload reads, writes, and keeps what does not belong on the share. */
export interface WorkloadContext {
  /** A folder of the watched share the workload reads (and, for office saves, edits). */
  tree: string;
  /** A folder inside the share the workload writes its results into (created by the caller). */
  out: string;
  /** Scratch space outside the share: a package to install, a repository to clone, a vault. */
  outside: string;
  /** Files no ordinary user would edit (the sentinel's canaries); office saves leave them alone. */
  avoid?: string[];
}

export interface WorkloadResult {
  /** Files the workload produced or rewrote, which a test can check. */
  outputs: string[];
}

export type Workload = (context: WorkloadContext) => Promise<WorkloadResult>;

const run = promisify(execFile);

/** Runs a real tool; its output is not kept (it may name files, never their content). */
export async function tool(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  await run(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 });
}
