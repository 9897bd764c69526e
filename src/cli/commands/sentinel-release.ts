import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { sentinelOf } from './sentinel-platform.js';

export function registerSentinelRelease(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('release <id>')
    .description('let a stopped writer run again (SIGCONT), or end it with --kill; audited')
    .option('--kill', 'end the writer (SIGKILL) instead of letting it go')
    .action(async (id: string, options: { kill?: boolean }, command: Command) => {
      const detection = await ctx.withServices(command, (services) => {
        const module = sentinelOf(services);
        return options.kill ? module.service.kill(id, ctx.who) : module.service.release(id, ctx.who);
      });
      ctx.out(`${detection.id}: writer pid ${detection.writer.pid ?? '?'} ${detection.status}`);
    });
}
