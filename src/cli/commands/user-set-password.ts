import type { Command } from 'commander';
import { randomPassword } from '../../kernel/crypto/random.js';
import type { CliContext } from '../context.js';
import { findUser } from '../args.js';
import { formatBox } from '../format.js';
import { readSecret } from '../io.js';

export function registerUserSetPassword(user: Command, ctx: CliContext): void {
  user
    .command('set-password <username>')
    .description("set a new password and end the user's sessions; without --password-stdin one is generated")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: { passwordStdin?: boolean }, command: Command) => {
      const given = options.passwordStdin ? await readSecret(ctx.io.stdin) : undefined;
      const password = given ?? randomPassword(20);
      const name = await ctx.withServices(command, async (services) => {
        const target = await findUser(services, username);
        await services.users.setPassword(target.id, password, ctx.who);
        return target.username;
      });
      ctx.out(`password of ${name} set; their sessions have ended`);
      if (!given)
        ctx.out(formatBox([`user name: ${name}`, `password:  ${password}`, 'shown once: store it now']));
    });
}
