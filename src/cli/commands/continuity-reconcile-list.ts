import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { ITEM_STATUSES, printItem, withReconcile } from './continuity-reconcile-service.js';

interface Options {
  status?: string;
  import?: string;
  json?: boolean;
}

export function registerContinuityReconcileList(reconcile: Command, ctx: CliContext): void {
  reconcile
    .command('list')
    .description('the review queue: each item with its patient match and any conflict with the EHR')
    .option('--status <status>', `only items that are ${ITEM_STATUSES.join(', ')}`)
    .option('--import <id>', 'only items of one import')
    .option('--json', 'print the items as JSON')
    .action(async (options: Options, command: Command) => {
      const status = ITEM_STATUSES.find((candidate) => candidate === options.status);
      if (options.status !== undefined && status === undefined)
        throw new LifelineError('CLI_USAGE', `--status is one of ${ITEM_STATUSES.join(', ')}`);
      const items = await withReconcile(ctx, command, (queue) =>
        queue.items({ status, importId: options.import }),
      );
      if (options.json) return ctx.json(items);
      if (items.length === 0) return ctx.out('no items');
      for (const item of items) printItem(ctx, item);
    });
}
