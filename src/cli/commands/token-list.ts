import type { Command } from 'commander';
import type { ApiToken } from '../../server/auth/types.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';

export function registerTokenList(token: Command, ctx: CliContext): void {
  token
    .command('list')
    .description('list API tokens of every user (secrets are never shown again)')
    .option('--json', 'print the tokens as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { tokens, now } = await ctx.withServices(command, async (services) => ({
        tokens: await services.tokens.list(null),
        now: services.clock.now().toISOString(),
      }));
      if (options.json) return ctx.json(tokens);
      if (tokens.length === 0) return ctx.out('no API tokens');
      ctx.out(
        formatTable(
          ['ID', 'NAME', 'OWNER', 'SCOPES', 'STATUS', 'EXPIRES', 'LAST USED'],
          tokens.map((t) => [
            t.id,
            t.name,
            t.owner,
            t.scopes.join(','),
            status(t, now),
            t.expiresAt ?? 'never',
            t.lastUsedAt ?? '-',
          ]),
        ),
      );
    });
}

function status(token: ApiToken, now: string): string {
  if (token.revokedAt) return 'revoked';
  return token.expiresAt && token.expiresAt <= now ? 'expired' : 'active';
}
