import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

export function registerContinuitySync(continuity: Command, ctx: CliContext): void {
  continuity
    .command('sync [source]')
    .description('pull the configured FHIR sources now (a delta since the last sync), or one of them')
    .option('--json', 'print the outcome as JSON')
    .action(async (source: string | undefined, options: { json?: boolean }, command: Command) => {
      const results = await ctx.withServices(command, async (services) => {
        const module = continuityOf(services);
        const ids = source ? [source] : module.config.sources.map((s) => s.id);
        if (ids.length === 0)
          throw new LifelineError('CLI_USAGE', 'no FHIR sources are configured (continuity.sources)');
        const out = [];
        for (const id of ids) {
          const outcome = await module.service.syncSource(id, ctx.who);
          out.push({
            source: id,
            resources: outcome.resources,
            patients: outcome.patients,
            rejected: outcome.rejected.length,
          });
        }
        return out;
      });
      if (options.json) return ctx.json(results);
      for (const r of results)
        ctx.out(`${r.source}: ${r.resources} resources, ${r.patients} patients, ${r.rejected} rejected`);
    });
}
