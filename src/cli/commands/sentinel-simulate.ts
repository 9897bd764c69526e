import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError, isLifelineError } from '../../kernel/errors.js';
import {
  SIMULATION_VARIANTS as VARIANTS,
  type SimulationVariant as Variant,
  prepareTarget,
  restoreTarget,
  runSimulation,
} from '../../modules/sentinel/index.js';
import type { CliContext } from '../context.js';
import { watchedCanaries } from './sentinel-platform.js';

interface Options {
  target?: string;
  variant?: string;
  prepare?: string;
  restore?: string;
  limit?: string;
  order?: string;
  interval?: string;
  threads?: string;
  notes?: boolean;
}

/** A whole number of at least `min`, or a usage error naming the option. */
function wholeNumber(value: string | undefined, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new LifelineError('CLI_USAGE', `${option} is a whole number of at least ${min}`);
  return number;
}

/**
 * The canaries a restore must not write: those of a share the sentinel watches (the guard would stop
 * the restore, by design). Without the database the restore goes on and says what may happen.
 */
async function canariesToLeave(ctx: CliContext, command: Command, dir: string): Promise<ReadonlySet<string>> {
  try {
    return await ctx.withServices(command, (services) => watchedCanaries(services, dir));
  } catch (error) {
    ctx.io.stderr.write(
      `lifeline: the sentinel's canaries could not be read (${isLifelineError(error) ? error.code : 'database unavailable'}); a watched share may stop this restore at its canary\n`,
    );
    return new Set();
  }
}

/**
 * The ransomware simulator: a test tool that only works in a directory prepared for it, keeps its key
 * and journal there, and restores every file it changed.
 */
export function registerSentinelSimulate(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('simulate')
    .description('test the sentinel: --prepare DIR, then --target DIR --variant V, then --restore DIR')
    .option('--prepare <dir>', 'make an empty directory a simulation target (writes its marker file)')
    .option('--target <dir>', 'encrypt the files in a prepared target, as ransomware would')
    .option('--variant <variant>', `one of ${VARIANTS.join(', ')}`, 'fast')
    .option('--limit <files>', 'stop after this many files')
    .option(
      '--order <order>',
      'sorted (as a Windows client lists a share) or readdir (the file system order)',
      'sorted',
    )
    .option('--interval <seconds>', 'slow variant: seconds between files', '3')
    .option('--threads <n>', 'threads variant: how many threads', '4')
    .option('--no-notes', 'leave no ransom notes (the sentinel must judge by the files alone)')
    .option('--restore <dir>', 'put back every file the simulation changed and remove its notes')
    .action(async (options: Options, command: Command) => {
      const chosen = [options.prepare, options.target, options.restore].filter((v) => v !== undefined);
      if (chosen.length !== 1)
        throw new LifelineError('CLI_USAGE', 'give exactly one of --prepare, --target or --restore');
      if (options.prepare !== undefined) {
        const prepared = prepareTarget(resolve(ctx.io.cwd, options.prepare));
        ctx.out(
          `${prepared.path} is a simulation target (${prepared.id}); put test files in it, never real ones`,
        );
        return;
      }
      if (options.restore !== undefined) {
        const dir = resolve(ctx.io.cwd, options.restore);
        const skip = await canariesToLeave(ctx, command, dir);
        const restored = await restoreTarget(dir, { endSimulator: true, skip });
        if (restored.skipped > 0)
          ctx.out(
            `left ${restored.skipped} canaries to the sentinel watching ${dir}: it replaces them at its next check`,
          );
        ctx.out(
          `restored ${restored.restored} of ${restored.files} files, removed ${restored.notesRemoved} notes`,
        );
        return;
      }
      const variant = options.variant ?? 'fast';
      if (!(VARIANTS as readonly string[]).includes(variant))
        throw new LifelineError('CLI_USAGE', `--variant is one of ${VARIANTS.join(', ')}`);
      const limit = wholeNumber(options.limit, '--limit', 1);
      const order = options.order ?? 'sorted';
      if (order !== 'sorted' && order !== 'readdir')
        throw new LifelineError('CLI_USAGE', '--order is sorted or readdir');
      const result = await runSimulation({
        target: resolve(ctx.io.cwd, options.target!),
        variant: variant as Variant,
        order,
        intervalMs: (wholeNumber(options.interval, '--interval', 0) ?? 3) * 1000,
        threads: wholeNumber(options.threads, '--threads', 1) ?? 4,
        dropNotes: options.notes !== false,
        ...(limit !== undefined ? { limit } : {}),
      });
      ctx.out(
        `${variant}: changed ${result.files} files and left ${result.notes} notes in ${result.finishedAt - result.startedAt} ms; restore with --restore`,
      );
    });
}
