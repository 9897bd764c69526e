import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';
import { openVault } from '../vault/target.js';

export function registerVaultKeyList(key: Command, ctx: CliContext): void {
  key
    .command('list')
    .description('list the keys of the repository; * marks the one this password opened')
    .option('--json', 'print the keys as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const repository = await openVault(command, ctx);
      const keys = (await repository.listKeys()).map((k) => ({ ...k, current: k.id === repository.keyId }));
      if (options.json) return ctx.json(keys);
      ctx.out(
        formatTable(
          [' ID', 'USER', 'HOST', 'CREATED'],
          keys.map((k) => [
            `${k.current ? '*' : ' '}${k.id.slice(0, 8)}`,
            k.username,
            k.hostname,
            k.created.slice(0, 19).replace('T', ' '),
          ]),
        ),
      );
    });
}
