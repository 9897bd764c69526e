import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { sentinelOf } from './sentinel-platform.js';

export function registerSentinelStatus(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('status')
    .description('configured shares, whether each is watched whole, canaries and open detections')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const overview = await ctx.withServices(command, (services) => sentinelOf(services).overview());
      if (options.json) return ctx.json(overview);
      if (overview.shares.length === 0) ctx.out('no share is configured (sentinel.shares)');
      for (const share of overview.shares) {
        const status = share.status;
        const coverage = !status
          ? 'never started'
          : status.complete
            ? `watched whole (${status.mode}, ${status.directories} directories, since ${status.startedAt})`
            : `NOT watched (${status.mode}): ${status.problem ?? 'coverage is incomplete'}`;
        const renewed = status?.canariesRenewedAt ? `, renewed ${status.canariesRenewedAt}` : '';
        const baseline = !status?.complete
          ? ''
          : status.baselineAt
            ? `; files fingerprinted ${status.baselineAt}`
            : '; fingerprinting the files';
        const holder = share.watchedBy
          ? `; watched by ${share.watchedBy.holder} until ${share.watchedBy.expiresAt}`
          : '';
        const lost = status?.eventsLostAt ? `; events LOST ${status.eventsLostAt}` : '';
        ctx.out(
          `${share.path}: ${coverage}${baseline}${holder}${lost}; ${share.canaries} canaries${renewed}; actions ${share.actions.join(', ') || '-'}`,
        );
      }
      ctx.out(`${overview.openDetections} open detections (writer stopped, or not stopped) await a decision`);
    });
}
