import type { Command } from 'commander';
import { backupWithLock } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { progressReporter } from '../vault/progress.js';
import { openVault } from '../vault/target.js';

interface Options {
  exclude?: string[];
  tag?: string[];
  host?: string;
  parent?: string;
  force?: boolean;
  json?: boolean;
}

export function registerVaultBackup(vault: Command, ctx: CliContext): void {
  vault
    .command('backup')
    .description('back up files and directories into a new snapshot')
    .argument('<paths...>', 'files and directories to back up')
    .option('-e, --exclude <pattern...>', 'leave out paths matching these patterns')
    .option('--tag <tag...>', 'tags for the snapshot')
    .option('--host <host>', 'host name recorded in the snapshot (default: this machine)')
    .option('--parent <snapshot>', 'compare with this snapshot instead of the latest one')
    .option('--force', 'read every file again, even when unchanged since the parent')
    .option('--json', 'progress and result as JSON lines')
    .action(async (paths: string[], options: Options, command: Command) => {
      const repository = await openVault(command, ctx);
      const progress = progressReporter(ctx, 'backup', Boolean(options.json));
      let result;
      try {
        result = await backupWithLock(repository, {
          paths,
          cwd: ctx.io.cwd,
          ...(options.exclude ? { excludes: options.exclude } : {}),
          ...(options.tag ? { tags: options.tag } : {}),
          ...(options.host ? { host: options.host } : {}),
          parentSnapshot: options.force ? null : (options.parent ?? 'latest'),
          onProgress: (sample) => progress.update(sample),
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        });
      } finally {
        progress.stop();
      }
      const { stats } = result;
      if (options.json) {
        ctx.out(JSON.stringify({ type: 'summary', snapshotId: result.snapshotId, ...stats }));
      } else {
        for (const problem of stats.warnings)
          ctx.io.stderr.write(`warning: ${problem.path}: ${problem.message}\n`);
        for (const problem of stats.errors)
          ctx.io.stderr.write(`error: ${problem.path}: ${problem.message}\n`);
        ctx.out(
          `files: ${stats.files} (${stats.filesUnchanged} unchanged), dirs: ${stats.dirs}, ` +
            `read ${(stats.bytesRead / 1_048_576).toFixed(1)} MiB, stored ${(stats.dataBytesStored / 1_048_576).toFixed(1)} MiB new`,
        );
        ctx.out(`snapshot ${result.snapshotId.slice(0, 8)} saved`);
      }
      // A snapshot was written, but it lacks what could not be read: the run must not look clean.
      if (stats.errors.length > 0) ctx.exitCode = 3;
    });
}
