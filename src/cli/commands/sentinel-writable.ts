import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { sentinelOf } from './sentinel-platform.js';

export function registerSentinelWritable(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('writable <path>')
    .description('undo the read-only action on a share; audited')
    .action(async (path: string, _options: unknown, command: Command) => {
      const outcome = await ctx.withServices(command, (services) =>
        sentinelOf(services).service.makeWritable(resolve(ctx.io.cwd, path), ctx.who),
      );
      ctx.out(outcome.detail);
    });
}
