import { spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';

import { LifelineError } from '../../../kernel/errors.js';
import type { StopAction, StopContext } from './context.js';
import { errnoOf, outcome } from './outcome.js';

const TAIL = 200;

/** What the script reads on stdin: the detection, with the writer and what it changed. */
export function detectionDocument(context: StopContext): Record<string, unknown> {
  return {
    detectionId: context.detectionId,
    share: context.share,
    writer: context.writer,
    signals: context.signals,
    files: context.files,
  };
}

/** The environment the script sees: only what it needs, so the service's secrets do not leak to it. */
function scriptEnvironment(context: StopContext): NodeJS.ProcessEnv {
  const keep = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'HOME'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  env.LIFELINE_SENTINEL_SHARE = context.share;
  env.LIFELINE_SENTINEL_PID = context.writer.pid === null ? '' : String(context.writer.pid);
  env.LIFELINE_SENTINEL_DETECTION_ID = context.detectionId;
  if (context.writer.smbClient)
    env.LIFELINE_SENTINEL_SMB_CLIENT = context.writer.smbClient.address ?? context.writer.smbClient.machine;
  return env;
}

/** Last characters of what the script printed, one line, for the operator to see why it failed. */
function tailOf(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString('utf8').slice(-TAIL).replace(/\s+/g, ' ').trim();
}

/**
 * Runs an operator's program (no shell) with the detection as JSON on stdin and
 * LIFELINE_SENTINEL_SHARE / _PID / _DETECTION_ID / _SMB_CLIENT in its environment. Exit 0 is success;
 * a script that runs longer than the timeout is killed.
 */
export function scriptAction(options: { path: string; timeoutMs?: number }): StopAction {
  if (!isAbsolute(options.path)) {
    throw new LifelineError('SENTINEL_RESPOND_SCRIPT_INVALID', undefined, { path: options.path });
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    kind: 'script',
    run(context) {
      return new Promise((resolve) => {
        const child = spawn(options.path, [], {
          env: scriptEnvironment(context),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        const output: Buffer[] = [];
        let kept = 0;
        const collect = (chunk: Buffer): void => {
          output.push(chunk);
          kept += chunk.length;
          while (kept > 4 * TAIL && output.length > 1) kept -= output.shift()?.length ?? 0;
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.on('error', (error) => {
          clearTimeout(timer);
          resolve(outcome('script', false, `script ${options.path} could not start (${errnoOf(error)})`));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const tail = tailOf(output);
          const said = tail ? `; output ends: ${tail}` : '';
          if (timedOut)
            resolve(
              outcome('script', false, `script ${options.path} timed out after ${timeoutMs} ms${said}`),
            );
          else if (code === 0) resolve(outcome('script', true, `script ${options.path} exited 0`));
          else
            resolve(
              outcome(
                'script',
                false,
                `script ${options.path} ${code === null ? `died of ${signal}` : `exited ${code}`}${said}`,
              ),
            );
        });
        // A script that ignores stdin closes the pipe early; that is not a failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify(detectionDocument(context)));
      });
    },
  };
}
