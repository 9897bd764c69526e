import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { findUser } from '../args.js';

export function registerUserResetMfa(user: Command, ctx: CliContext): void {
  user
    .command('reset-mfa <username>')
    .description('remove a lost second factor; the user enrols again at the next sign-in')
    .action(async (username: string, _options: unknown, command: Command) => {
      const name = await ctx.withServices(command, async (services) => {
        const target = await findUser(services, username);
        await services.mfa.reset(target.id, ctx.actor, null);
        return target.username;
      });
      ctx.out(`second factor of ${name} removed; recovery codes invalidated`);
    });
}
