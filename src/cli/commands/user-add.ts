import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { parseRole } from '../args.js';
import { formatBox } from '../format.js';
import { readSecret } from '../io.js';

interface Options {
  role: string;
  displayName?: string;
  email?: string;
  passwordStdin?: boolean;
}

export function registerUserAdd(user: Command, ctx: CliContext): void {
  user
    .command('add <username>')
    .description('create a local account; without --password-stdin a password is generated and shown once')
    .requiredOption(
      '--role <role>',
      'admin, security-analyst, incident-commander, clinician, trainer or auditor',
    )
    .option('--display-name <name>', 'name shown in the console (default: the user name)')
    .option('--email <address>', 'e-mail address')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: Options, command: Command) => {
      const role = parseRole(options.role);
      const password = options.passwordStdin ? await readSecret(ctx.io.stdin) : undefined;
      const { user: created, initialPassword } = await ctx.withServices(command, (services) =>
        services.users.create(
          {
            username,
            displayName: options.displayName ?? username,
            email: options.email ?? null,
            role,
            password,
          },
          ctx.who,
        ),
      );
      ctx.out(`created user ${created.username} (${created.role})`);
      if (initialPassword) {
        ctx.out(
          formatBox([
            `user name: ${created.username}`,
            `password:  ${initialPassword}`,
            'shown once: store it now',
          ]),
        );
      }
    });
}
