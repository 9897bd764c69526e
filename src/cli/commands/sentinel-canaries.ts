import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { CANARY_RENEW_REQUESTED_EVENT } from '../../modules/sentinel/index.js';
import type { CliContext } from '../context.js';
import { sentinelOf } from './sentinel-platform.js';

export function registerSentinelCanaries(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('canaries')
    .description('the canary files on each share; --renew asks the serving process to renew them')
    .option('--renew', 'give every canary new contents (done by the process that watches the shares)')
    .option('--json', 'print as JSON')
    .action(async (options: { renew?: boolean; json?: boolean }, command: Command) => {
      await ctx.withServices(command, async (services) => {
        if (options.renew) {
          // Only the watching process may rewrite canaries: a write from here would be taken for an attack.
          if (services.bus.kind !== 'nats') {
            await services.audit.append({
              actor: ctx.actor,
              action: 'sentinel.canaries.renew.request',
              outcome: 'failure',
              details: {
                refused: 'SENTINEL_NOT_RUNNING',
                reason: 'no message bus reaches the watching process',
              },
            });
            throw new LifelineError(
              'SENTINEL_NOT_RUNNING',
              'canaries are renewed by the process that watches the shares: use the console, POST /api/sentinel/canaries/renew, or wait for the schedule (sentinel.canaries.renew)',
            );
          }
          await services.bus.publish(CANARY_RENEW_REQUESTED_EVENT, { by: ctx.actor }, ctx.actor);
          await services.audit.append({
            actor: ctx.actor,
            action: 'sentinel.canaries.renew.request',
            outcome: 'success',
          });
          ctx.out('renewal requested from the watching process');
          return;
        }
        const canaries = await sentinelOf(services).stores.shares.canaries();
        if (options.json) return ctx.json(canaries);
        if (canaries.length === 0) ctx.out('no canaries placed');
        for (const canary of canaries)
          ctx.out(
            `${canary.share} ${canary.position.padEnd(5)} ${canary.path} sha256 ${canary.sha256.slice(0, 12)}… placed ${canary.placedAt}`,
          );
      });
    });
}
