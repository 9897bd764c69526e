import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { operator } from '../args.js';

export function registerTokenRevoke(token: Command, ctx: CliContext): void {
  token
    .command('revoke <id>')
    .description('revoke an API token; it stops working at once')
    .action(async (id: string, _options: unknown, command: Command) => {
      const message = await ctx.withServices(command, async (services) => {
        const existing = (await services.tokens.list(null)).find((candidate) => candidate.id === id);
        if (!existing) throw new LifelineError('TOKEN_NOT_FOUND', `no API token with id ${id}`);
        // Revoking twice would move the recorded revocation time; the first one is the fact that matters.
        if (existing.revokedAt)
          return `token ${id} was revoked already at ${existing.revokedAt}; nothing changed`;
        await services.tokens.revoke(id, operator(ctx.actor), ctx.actor, null);
        return `token ${id} "${existing.name}" of ${existing.owner} revoked`;
      });
      ctx.out(message);
    });
}
