import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { type SentinelConfig, sentinelConfigSchema } from '../../modules/sentinel/index.js';
import type { CliContext } from '../context.js';
import { listenForStop } from '../stop-requests.js';
import { detectionLine, sentinelOf } from './sentinel-platform.js';

interface Options {
  mode?: string;
  actions?: string;
}

/** The shares to watch: each path with its configured settings when it is a configured share. */
function watchConfig(
  paths: readonly string[],
  cwd: string,
  configured: SentinelConfig,
  options: Options,
): SentinelConfig {
  const shares = [...new Set(paths.map((path) => resolve(cwd, path)))].map((path) => {
    const known = configured.shares.find((share) => share.path === path);
    const actions = options.actions?.split(',').map((action) => action.trim());
    return { ...(known ?? { path }), ...(actions ? { actions } : {}) };
  });
  const parsed = sentinelConfigSchema.safeParse({
    ...configured,
    shares,
    mode: options.mode ?? configured.mode,
  });
  if (!parsed.success)
    throw new LifelineError(
      'CLI_USAGE',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

export function registerSentinelWatch(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('watch <paths...>')
    .description('watch shares in the foreground and stop an encrypting writer; Ctrl-C stops watching')
    .option('--mode <mode>', 'auto, fanotify or inotify (default: sentinel.mode)')
    .option(
      '--actions <list>',
      'comma-separated: suspend, kill, read-only, script, webhook (default: configured)',
    )
    .action(async (paths: string[], options: Options, command: Command) => {
      await ctx.withServices(command, async (services) => {
        const config = watchConfig(paths, ctx.io.cwd, services.config.sentinel, options);
        let incomplete = false;
        let refused = false;
        const module = sentinelOf(services, {
          config,
          observer: {
            coverage: (share, coverage) => {
              if (coverage.complete) {
                ctx.out(`${share}: watched (${coverage.mode}, ${coverage.directories} directories)`);
                return;
              }
              incomplete = true;
              ctx.io.stderr.write(
                `${share}: NOT watched (${coverage.mode}): ${coverage.problem ?? 'coverage is incomplete'}\n`,
              );
            },
            detection: (detection) => ctx.out(detectionLine(detection)),
            refused: (share, error) => {
              refused = true;
              ctx.io.stderr.write(`${share}: ${error.code}: ${error.message}\n`);
            },
          },
        });
        const stop = listenForStop(ctx.io.signal);
        try {
          await module.start();
          if (incomplete) {
            ctx.io.stderr.write(
              'lifeline: the sentinel does not watch part of a share; raise the limit named above (sysctl -w …, and in /etc/sysctl.d to keep it) and start again\n',
            );
            ctx.exitCode = 1;
            return;
          }
          if (refused) {
            ctx.io.stderr.write(
              'lifeline: another process watches a share named above; stop it, or wait until its lease runs out (90 s after it stops renewing)\n',
            );
            ctx.exitCode = 1;
            return;
          }
          ctx.out('watching; press Ctrl-C to stop');
          await stop.requested;
          ctx.out('stopped watching; canaries stay in place');
        } finally {
          stop.dispose();
          await module.close();
        }
      });
    });
}
