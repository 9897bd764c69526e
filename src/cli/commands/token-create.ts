import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { permissionMatrix } from '../../server/auth/rbac.js';
import type { CliContext } from '../context.js';
import { findUser, parsePositiveInt } from '../args.js';
import { formatBox } from '../format.js';

interface Options {
  name: string;
  scope: string[];
  expiresInDays?: string;
  json?: boolean;
}

export function registerTokenCreate(token: Command, ctx: CliContext): void {
  token
    .command('create <username>')
    .description('create an API token owned by a user; the secret is shown once')
    .requiredOption('--name <name>', 'what the token is for, e.g. "siem-forwarder"')
    .requiredOption('--scope <permission...>', 'permissions the token may use (space or comma separated)')
    .option('--expires-in-days <days>', 'days until the token stops working (default: never)')
    .option('--json', 'print the token and its secret as JSON')
    .action(async (username: string, options: Options, command: Command) => {
      const name = options.name.trim();
      if (name === '' || name.length > 64)
        throw new LifelineError('CLI_USAGE', '--name must be 1 to 64 characters');
      const scopes = [
        ...new Set(options.scope.flatMap((scope) => scope.split(',')).map((s) => s.trim())),
      ].filter(Boolean);
      const known = new Set(permissionMatrix().map((entry) => entry.permission));
      const unknown = scopes.filter((scope) => !known.has(scope));
      if (unknown.length > 0) {
        throw new LifelineError(
          'CLI_USAGE',
          `unknown permission ${unknown.join(', ')}; known: ${[...known].join(', ')}`,
        );
      }
      const expiresInDays = options.expiresInDays
        ? parsePositiveInt(options.expiresInDays, '--expires-in-days', 3650)
        : undefined;
      const created = await ctx.withServices(command, async (services) => {
        const owner = await findUser(services, username);
        return services.tokens.create(owner, { name, scopes, expiresInDays }, ctx.actor, null);
      });
      if (options.json) return ctx.json({ ...created.token, secret: created.secret });
      ctx.out(`created token ${created.token.id} "${created.token.name}" for ${created.token.owner}`);
      ctx.out(`scopes: ${created.token.scopes.join(', ')}; expires: ${created.token.expiresAt ?? 'never'}`);
      ctx.out(formatBox([created.secret, 'shown once: store it now']));
    });
}
