import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { findUser, parseRole } from '../args.js';

export function registerUserSetRole(user: Command, ctx: CliContext): void {
  user
    .command('set-role <username> <role>')
    .description("change a user's role; their sessions end so the new rights apply at once")
    .action(async (username: string, roleName: string, _options: unknown, command: Command) => {
      const role = parseRole(roleName);
      const message = await ctx.withServices(command, async (services) => {
        const target = await findUser(services, username);
        if (target.role === role) return `${target.username} is ${role} already; nothing changed`;
        await services.users.update(target.id, { role }, ctx.who);
        return `${target.username} is now ${role} (was ${target.role})`;
      });
      ctx.out(message);
    });
}
