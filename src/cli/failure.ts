import { CommanderError } from 'commander';
import { isLifelineError } from '../kernel/errors.js';
import type { CliIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Turns whatever stopped a command into one line on stderr and an exit code. The stack is only shown
 * with LIFELINE_DEBUG=1: operators need the cause, not our call graph.
 */
export function reportFailure(error: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (or the help) already.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const debug = io.env.LIFELINE_DEBUG === '1';
  if (isLifelineError(error)) {
    io.stderr.write(`lifeline: ${oneLine(error.message)} (${error.code})\n`);
    if (debug) writeStack(error, io);
    return error.code === 'CLI_USAGE' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = debug ? '' : '; LIFELINE_DEBUG=1 shows the stack';
  io.stderr.write(`lifeline: unexpected error: ${oneLine(message)} (INTERNAL${hint})\n`);
  if (debug) writeStack(error, io);
  return EXIT_FAILURE;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function writeStack(error: unknown, io: Pick<CliIo, 'stderr'>): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    io.stderr.write(`${current.stack ?? current.message}\n`);
    current = current.cause;
    if (current instanceof Error) io.stderr.write('caused by: ');
  }
}
