import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

export function registerVaultKeyRemove(key: Command, ctx: CliContext): void {
  key
    .command('remove')
    .description('remove a key (an id or unique id prefix); never the key in use or the last one')
    .argument('<id>', 'key id or unique prefix, as shown by `vault key list`')
    .action(async (ref: string, _options: unknown, command: Command) => {
      if (!/^[0-9a-f]{1,64}$/.test(ref)) throw new LifelineError('CLI_USAGE', 'a key id is hexadecimal');
      const repository = await openVault(command, ctx);
      const lock = await repository.lock({ exclusive: true });
      try {
        const keys = await repository.listKeys();
        const matches = keys.filter((k) => k.id.startsWith(ref));
        const [match] = matches;
        if (!match) throw new LifelineError('NOT_FOUND', `no key ${ref} in the repository`);
        if (matches.length > 1) throw new LifelineError('CLI_USAGE', `the key id prefix ${ref} is ambiguous`);
        if (keys.length === 1) {
          throw new LifelineError(
            'CONFLICT',
            'the last key cannot be removed: the repository could never be opened again',
          );
        }
        if (match.id === repository.keyId) {
          throw new LifelineError(
            'CONFLICT',
            `key ${ref} is the one this password opened; give another key's password to remove it`,
          );
        }
        await repository.removeKey(match.id);
        ctx.out(`removed key ${match.id.slice(0, 8)}`);
      } finally {
        await lock.release();
      }
    });
}
