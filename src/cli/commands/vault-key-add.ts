import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { readSecret } from '../io.js';
import { openVault } from '../vault/target.js';

interface Options {
  newPasswordFile?: string;
  user?: string;
  host?: string;
}

/** Like restic: the first line of the file; an empty password is refused rather than stored. */
function newPassword(options: Options, ctx: CliContext): Promise<string> {
  if (!options.newPasswordFile) return readSecret(ctx.io.stdin);
  const file = isAbsolute(options.newPasswordFile)
    ? options.newPasswordFile
    : resolve(ctx.io.cwd, options.newPasswordFile);
  let password: string | undefined;
  try {
    password = readFileSync(file, 'utf8').split(/\r?\n/)[0];
  } catch {
    throw new LifelineError('CLI_USAGE', `the password file ${options.newPasswordFile} cannot be read`);
  }
  if (!password) throw new LifelineError('CLI_USAGE', 'the new password file starts with an empty line');
  return Promise.resolve(password);
}

export function registerVaultKeyAdd(key: Command, ctx: CliContext): void {
  key
    .command('add')
    .description('add a password that opens the repository (read from stdin unless a file is given)')
    .option('--new-password-file <file>', 'read the new password from the first line of this file')
    .option('--user <name>', 'user name recorded in the key (default: the current user)')
    .option('--host <name>', 'host name recorded in the key (default: this host)')
    .action(async (options: Options, command: Command) => {
      const password = await newPassword(options, ctx);
      const repository = await openVault(command, ctx);
      const lock = await repository.lock({ exclusive: false });
      try {
        const id = await repository.addKey(password, {
          ...(options.user !== undefined ? { username: options.user } : {}),
          ...(options.host !== undefined ? { hostname: options.host } : {}),
        });
        ctx.out(`added key ${id.slice(0, 8)}`);
      } finally {
        await lock.release();
      }
    });
}
