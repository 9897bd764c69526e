import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { reportSeed, seedJson } from '../seed-report.js';

interface Options {
  json?: boolean;
  printPasswords?: boolean;
}

export function registerDemoSeed(demo: Command, ctx: CliContext): void {
  demo
    .command('seed')
    .description(
      'add the fictional hospital "AZ Demo Ziekenhuis" (departments, one account per role); safe to repeat',
    )
    .option('--print-passwords', 'also show the generated passwords of the non-administrator accounts, once')
    .option('--json', 'print the result as JSON')
    .action(async (options: Options, command: Command) => {
      const { seedDemo } = await import('../../server/demo/seed.js');
      const result = await ctx.withServices(command, (services) => seedDemo(services, { actor: ctx.actor }));
      const all = options.printPasswords ?? false;
      if (options.json) ctx.json(seedJson(result, all));
      else reportSeed(ctx, result, all);
    });
}
