import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { restoreWithLock } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { progressReporter } from '../vault/progress.js';
import { openVault } from '../vault/target.js';

interface Options {
  target?: string;
  include?: string[];
  host?: string;
  json?: boolean;
}

export function registerVaultRestore(vault: Command, ctx: CliContext): void {
  vault
    .command('restore')
    .description('restore a snapshot into a directory')
    .argument('<snapshot>', 'snapshot id (or unique prefix), or latest')
    .option('-t, --target <dir>', 'directory to restore into (required)')
    .option('-i, --include <pattern...>', 'only paths matching these patterns')
    .option('--host <host>', 'with latest: the latest snapshot of this host')
    .option('--json', 'progress and result as JSON lines')
    .action(async (ref: string, options: Options, command: Command) => {
      if (!options.target) throw new LifelineError('CLI_USAGE', 'say where to restore with --target');
      const repository = await openVault(command, ctx);
      const progress = progressReporter(ctx, 'restore', Boolean(options.json));
      let stats;
      try {
        stats = await restoreWithLock(repository, ref, {
          target: options.target,
          ...(options.include ? { include: options.include } : {}),
          ...(options.host ? { host: options.host } : {}),
          onProgress: (sample) => progress.update(sample),
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        });
      } finally {
        progress.stop();
      }
      if (options.json) {
        ctx.out(JSON.stringify({ type: 'summary', ...stats }));
      } else {
        for (const problem of stats.warnings)
          ctx.io.stderr.write(`warning: ${problem.path}: ${problem.message}\n`);
        for (const problem of stats.errors)
          ctx.io.stderr.write(`error: ${problem.path}: ${problem.message}\n`);
        ctx.out(
          `restored snapshot ${stats.snapshotId.slice(0, 8)}: ${stats.files} files, ${stats.dirs} dirs, ` +
            `${(stats.bytes / 1_048_576).toFixed(1)} MiB into ${options.target}`,
        );
      }
      // Files that could not be restored exactly fail the command loudly, never silently; each
      // was named on stderr above.
      if (stats.errors.length > 0) {
        ctx.io.stderr.write(`lifeline: ${stats.errors.length} item(s) could not be restored\n`);
        ctx.exitCode = 1;
      }
    });
}
