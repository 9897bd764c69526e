import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { findUser } from '../args.js';

export function registerUserUnlock(user: Command, ctx: CliContext): void {
  user
    .command('unlock <username>')
    .description('lift a lock-out after repeated failed sign-ins')
    .action(async (username: string, _options: unknown, command: Command) => {
      const name = await ctx.withServices(command, async (services) => {
        const target = await findUser(services, username);
        await services.users.unlock(target.id, ctx.who);
        return target.username;
      });
      ctx.out(`${name} unlocked`);
    });
}
