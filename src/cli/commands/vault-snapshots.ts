import type { Command } from 'commander';
import { listSnapshots } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';
import { openVault } from '../vault/target.js';

export function registerVaultSnapshots(vault: Command, ctx: CliContext): void {
  vault
    .command('snapshots')
    .description('list the snapshots, oldest first')
    .option('--host <host>', 'only snapshots of this host')
    .option('--tag <tag...>', 'only snapshots with these tags')
    .option('--json', 'print the snapshots as JSON')
    .action(async (options: { host?: string; tag?: string[]; json?: boolean }, command: Command) => {
      const repository = await openVault(command, ctx);
      const snapshots = await listSnapshots(repository, {
        ...(options.host ? { host: options.host } : {}),
        ...(options.tag ? { tags: options.tag } : {}),
      });
      if (options.json) return ctx.json(snapshots);
      if (snapshots.length === 0) return ctx.out('no snapshots yet');
      ctx.out(
        formatTable(
          ['ID', 'TIME', 'HOST', 'TAGS', 'PATHS'],
          snapshots.map((s) => [
            s.id.slice(0, 8),
            s.time.slice(0, 19).replace('T', ' '),
            s.hostname ?? '',
            (s.tags ?? []).join(','),
            s.paths.join(' '),
          ]),
        ),
      );
    });
}
