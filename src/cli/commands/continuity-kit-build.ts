import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

interface Options {
  unit?: string;
  site?: boolean;
  delta?: boolean;
  out?: string;
  json?: boolean;
}

export function registerContinuityKitBuild(kit: Command, ctx: CliContext): void {
  kit
    .command('build')
    .description(
      'build downtime kits now (every scope, one unit, or the site) and optionally write one as HTML',
    )
    .option('--unit <name>', 'only this unit')
    .option('--site', 'only the whole-site summary kit')
    .option('--delta', 'only what changed since the newest kit of each scope')
    .option(
      '--out <file>',
      "write the scope's newest kit as one self-contained HTML file (with --unit or --site)",
    )
    .option('--json', 'print the outcome as JSON')
    .action(async (options: Options, command: Command) => {
      if (options.unit !== undefined && options.site) {
        throw new LifelineError('CLI_USAGE', '--unit and --site exclude each other');
      }
      if (options.out !== undefined && options.unit === undefined && !options.site) {
        throw new LifelineError('CLI_USAGE', '--out needs --unit or --site: a kit file holds one scope');
      }
      const kind = options.delta ? 'delta' : 'full';
      const result = await ctx.withServices(command, async (services) => {
        const continuity = continuityOf(services);
        const scope = options.site
          ? ({ kind: 'site', site: continuity.config.hospital } as const)
          : options.unit !== undefined
            ? ({ kind: 'unit', unit: options.unit } as const)
            : null;
        const outcomes = scope
          ? [await continuity.service.buildKit(scope, kind, ctx.who)]
          : await continuity.service.buildAll(kind, ctx.who);
        let written: string | null = null;
        if (options.out !== undefined && scope) {
          const key = scope.kind === 'unit' ? `unit:${scope.unit}` : 'site';
          const kit = await continuity.kitFile(key, ctx.who);
          written = resolve(ctx.io.cwd, options.out);
          await writeFile(written, kit.html, { mode: 0o600 });
        }
        return { outcomes, written };
      });
      if (options.json) return ctx.json(result);
      for (const outcome of result.outcomes) {
        if ('built' in outcome) {
          const kit = outcome.built;
          ctx.out(
            `built ${kit.kind} kit ${kit.kitId} for ${kit.scopeKey}: ${kit.patients} patients, data as of ${kit.dataAsOf}`,
          );
        } else {
          ctx.out(`not built: ${outcome.skipped}`);
        }
      }
      if (result.written) ctx.out(`wrote ${result.written}`);
    });
}
