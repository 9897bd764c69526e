import type { Command } from 'commander';
import type { User } from '../../server/auth/types.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';

export function registerUserList(user: Command, ctx: CliContext): void {
  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'print the accounts as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const users = await ctx.withServices(command, async (services) =>
        (await services.auth.users.list()).map((row) => services.auth.users.toUser(row)),
      );
      if (options.json) return ctx.json(users);
      if (users.length === 0) return ctx.out('no users yet; create one with `lifeline user add`');
      ctx.out(
        formatTable(
          ['USER', 'ROLE', 'NAME', 'MFA', 'STATUS', 'LAST LOGIN'],
          users.map((u) => [
            u.username,
            u.role,
            u.displayName,
            u.mfaEnabled ? 'on' : 'off',
            status(u),
            u.lastLoginAt ?? '-',
          ]),
        ),
      );
    });
}

function status(user: User): string {
  if (user.disabled) return 'disabled';
  return user.locked ? 'locked' : 'active';
}
