import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printItem, withReconcile } from './continuity-reconcile-service.js';

export function registerContinuityReconcilePost(reconcile: Command, ctx: CliContext): void {
  reconcile
    .command('post')
    .description(
      'post approved items to the EHR (the first configured FHIR source), one transaction per patient; ' +
        'failed items stay in the queue and are posted again next time',
    )
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await withReconcile(ctx, command, (queue) => queue.post(ctx.who));
      if (options.json) ctx.json(result);
      else {
        ctx.out(`posted ${result.posted}, failed ${result.failed}`);
        for (const item of result.items.filter((candidate) => candidate.status === 'failed'))
          printItem(ctx, item);
      }
      if (result.failed > 0) ctx.exitCode = 1;
    });
}
