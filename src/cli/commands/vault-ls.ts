import type { Command } from 'commander';
import { findSnapshot, formatEntry, listTree } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

export function registerVaultLs(vault: Command, ctx: CliContext): void {
  vault
    .command('ls')
    .description("list a snapshot's files")
    .argument('<snapshot>', 'snapshot id (or unique prefix), or latest')
    .argument('[dir]', 'only this directory inside the snapshot', '/')
    .option('-l, --long', 'mode, owner, size and time, like ls -l')
    .option('--no-recursive', 'only the entries directly in the directory')
    .option('--json', 'one JSON object per entry')
    .action(
      async (
        ref: string,
        dir: string,
        options: { long?: boolean; recursive: boolean; json?: boolean },
        command: Command,
      ) => {
        const repository = await openVault(command, ctx);
        const snapshot = await findSnapshot(repository, ref);
        if (options.json) ctx.out(JSON.stringify({ struct_type: 'snapshot', ...snapshot }));
        for await (const entry of listTree(repository, snapshot.tree, {
          under: dir,
          recursive: options.recursive,
        })) {
          if (options.json) ctx.out(JSON.stringify({ struct_type: 'node', path: entry.path, ...entry.node }));
          else ctx.out(options.long ? formatEntry(entry) : entry.path);
        }
      },
    );
}
