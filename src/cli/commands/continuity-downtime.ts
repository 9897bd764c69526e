import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

export function registerContinuityDowntime(continuity: Command, ctx: CliContext): void {
  continuity
    .command('downtime <state>')
    .description(
      'downtime mode: "on" freezes kits on the last verified data, "off" resumes, "status" shows it',
    )
    .option('--reason <text>', 'why (recorded in the audit log)')
    .action(async (state: string, options: { reason?: string }, command: Command) => {
      if (!['on', 'off', 'status'].includes(state))
        throw new LifelineError('CLI_USAGE', 'state is on, off or status');
      const downtime = await ctx.withServices(command, async (services) => {
        const module = continuityOf(services);
        if (state === 'status') return module.stores.settings.downtime();
        return module.service.setDowntime(state === 'on', options.reason ?? null, ctx.who);
      });
      ctx.out(
        downtime.active
          ? `downtime mode is ON since ${downtime.since ?? '?'} (by ${downtime.by ?? '?'}${downtime.reason ? `: ${downtime.reason}` : ''})`
          : 'downtime mode is off',
      );
    });
}
